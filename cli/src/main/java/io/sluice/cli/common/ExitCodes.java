package io.sluice.cli.common;

/** The exit codes every {@code sluice} command uses. */
public final class ExitCodes {
  public static final int OK = 0;

  /** A runtime failure: the database, a halted drainer, a timeout. */
  public static final int FAILURE = 1;

  /** A usage or configuration error: fix the command line or the environment. */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
