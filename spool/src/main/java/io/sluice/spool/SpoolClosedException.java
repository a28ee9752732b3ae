package io.sluice.spool;

/** The spool (or one of its readers) was used after {@code close()}. */
public final class SpoolClosedException extends SpoolException {
  private static final long serialVersionUID = 1L;

  public SpoolClosedException(String message) {
    super(message);
  }
}
