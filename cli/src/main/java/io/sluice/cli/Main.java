package io.sluice.cli;

import io.sluice.cli.common.ErrorReporter;
import io.sluice.cli.common.ExitCodes;
import io.sluice.cli.common.VerboseAwareStrategy;
import java.util.Map;
import picocli.CommandLine;

/**
 * Entry point of the {@code sluice} command (run it through {@code bin/sluice}, which adds the JVM
 * flags Chronicle Queue needs).
 *
 * <p>Exit codes: 0 success; 1 a runtime failure (the database refused a batch, draining halted, a
 * timeout passed); 2 a usage or configuration error (a bad option value, a folder that is not a
 * spool). Errors are one line on stderr; {@code --verbose} adds the stack trace.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int exit;
    try {
      exit = commandLine(System.getenv()).execute(args);
    } catch (Error e) {
      // picocli hands only Exceptions to the handler. An Error here is typically Chronicle's
      // InternalError after a fault reading a damaged spool file: still one line, still exit 1.
      if (java.util.Arrays.asList(args).contains("--verbose")) {
        e.printStackTrace();
      }
      System.err.println(
          "sluice: failed: "
              + e
              + ". If a spool file is damaged, run `sluice verify`; add --verbose for details.");
      exit = ExitCodes.FAILURE;
    }
    System.exit(exit);
  }

  /** The configured command line, reading settings from {@code env}; tests pass their own. */
  static CommandLine commandLine(Map<String, String> env) {
    CommandLine cmd = new CommandLine(new SluiceCommand(env));
    ErrorReporter errors = new ErrorReporter();
    cmd.setExecutionStrategy(new VerboseAwareStrategy());
    cmd.setParameterExceptionHandler(errors);
    cmd.setExecutionExceptionHandler(errors);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    return cmd;
  }
}
