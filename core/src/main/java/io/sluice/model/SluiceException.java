package io.sluice.model;

/**
 * Root of Sluice's unchecked exceptions. Subclasses exist only where a caller reacts differently:
 * {@link InvalidEventException} (fix the event), {@link BufferFullException} (slow down or retry),
 * {@link CorruptedSpoolException} (the spool on disk is damaged; retrying does not help), {@link
 * SluiceClosedException} (the instance was closed).
 *
 * <p>Messages are one printable line: control characters in them (a NUL or a line break from an
 * event field, a path or a PostgreSQL message) are escaped as {@code \n}, {@code \t} or {@code
 * \\uXXXX}.
 */
public class SluiceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SluiceException(String message) {
    super(Printable.escape(message));
  }

  public SluiceException(String message, Throwable cause) {
    super(Printable.escape(message), cause);
  }
}
