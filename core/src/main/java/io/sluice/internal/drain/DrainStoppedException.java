package io.sluice.internal.drain;

/**
 * Stops the drainer for good: a damaged record in strict mode, or a second drainer on the spool.
 */
final class DrainStoppedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  DrainStoppedException(String message, Throwable cause) {
    super(message, cause);
  }
}
