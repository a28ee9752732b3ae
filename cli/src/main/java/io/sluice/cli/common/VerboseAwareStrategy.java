package io.sluice.cli.common;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;

/**
 * Runs the chosen subcommand, first turning Sluice's logging up to DEBUG when {@code --verbose} was
 * given anywhere on the command line (it is inherited, so it may follow the subcommand).
 */
public final class VerboseAwareStrategy implements IExecutionStrategy {
  private final IExecutionStrategy delegate = new RunLast();

  @Override
  public int execute(ParseResult parsed) {
    if (isVerbose(parsed)) {
      ((Logger) LoggerFactory.getLogger("io.sluice")).setLevel(Level.DEBUG);
    }
    return delegate.execute(parsed);
  }

  public static boolean isVerbose(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
