package io.sluice.cli;

/** A command could not finish its work (draining halted, a timeout passed): exit code 1. */
class CommandFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CommandFailedException(String message) {
    super(message);
  }

  CommandFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
