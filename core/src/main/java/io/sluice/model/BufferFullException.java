package io.sluice.model;

/**
 * An append was refused because the spool reached its byte budget or the disk its free-space
 * reserve. Nothing already accepted is lost; the event in hand was not appended.
 */
public final class BufferFullException extends SluiceException {
  private static final long serialVersionUID = 1L;

  public BufferFullException(String message, Throwable cause) {
    super(message, cause);
  }
}
