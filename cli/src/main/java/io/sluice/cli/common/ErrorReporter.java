package io.sluice.cli.common;

import io.sluice.model.SluiceException;
import io.sluice.spool.SpoolAccessException;
import io.sluice.spool.SpoolException;
import java.io.PrintWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr and an exit code: 2 for a bad command line, a {@link
 * ConfigurationException} or a spool folder that cannot be used ({@link SpoolAccessException}), 1
 * for anything else. The stack trace follows only with {@code --verbose}.
 *
 * <p>Messages come from Sluice, which never puts the database password in one; option values are
 * not echoed back for options that could hold a secret (see {@link DatabaseOptions}).
 */
public final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u0080-\\u009f]");

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    String name = cmd.getCommandSpec().qualifiedName();
    cmd.getErr().println(name + ": " + oneLine(ex.getMessage()) + " (see '" + name + " --help').");
    return ExitCodes.USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    err.println(cmd.getCommandSpec().qualifiedName() + ": " + describe(ex));
    if (VerboseAwareStrategy.isVerbose(parsed)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return ex instanceof ConfigurationException || ex instanceof SpoolAccessException
        ? ExitCodes.USAGE
        : ExitCodes.FAILURE;
  }

  private static String describe(Exception ex) {
    if (ex instanceof ConfigurationException
        || ex instanceof SluiceException
        || ex instanceof SpoolException
        || ex instanceof CommandFailedException) {
      return oneLine(ex.getMessage());
    }
    // Not one of ours: most likely a bug, so name the type and point at --verbose.
    String message = ex.getMessage() == null ? "" : ": " + oneLine(ex.getMessage());
    return "unexpected "
        + ex.getClass().getSimpleName()
        + message
        + " (rerun with --verbose for the stack trace)";
  }

  /** Error output is one line per error: PostgreSQL and Chronicle messages can span several. */
  public static String oneLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    String line = message.strip().replaceAll("\\s*\\R\\s*", " ");
    // Other control characters (a NUL, an escape sequence from a bad argument) are shown, not sent.
    return CONTROL
        .matcher(line)
        .replaceAll(
            m -> Matcher.quoteReplacement(String.format("\\u%04x", (int) m.group().charAt(0))));
  }
}
