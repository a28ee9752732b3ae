package io.sluice.cli.common;

/** A command could not finish its work (draining halted, a timeout passed): exit code 1. */
public class CommandFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CommandFailedException(String message) {
    super(message);
  }

  public CommandFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
