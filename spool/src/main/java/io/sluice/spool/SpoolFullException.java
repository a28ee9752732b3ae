package io.sluice.spool;

/**
 * An append was refused because the spool reached its byte budget or the disk its free-space
 * reserve. Nothing already appended is affected; retry once the drainer has caught up.
 */
public final class SpoolFullException extends SpoolException {
  private static final long serialVersionUID = 1L;

  public SpoolFullException(String message) {
    super(message);
  }
}
