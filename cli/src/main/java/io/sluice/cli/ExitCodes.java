package io.sluice.cli;

/** The exit codes every {@code sluice} command uses. */
final class ExitCodes {
  static final int OK = 0;

  /** A runtime failure: the database, a halted drainer, a timeout. */
  static final int FAILURE = 1;

  /** A usage or configuration error: fix the command line or the environment. */
  static final int USAGE = 2;

  private ExitCodes() {}
}
