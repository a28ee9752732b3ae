package io.sluice.spool;

/**
 * Root of the spool's unchecked exceptions. An I/O failure is wrapped in one of these with the path
 * it happened on; the message says what to do next.
 */
public class SpoolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SpoolException(String message) {
    super(message);
  }

  public SpoolException(String message, Throwable cause) {
    super(message, cause);
  }
}
