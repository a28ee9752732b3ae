package io.sluice.spool;

/**
 * A folder cannot be used as a spool the way it was asked for: it is missing, a file, not a spool,
 * of a newer format version, or this user may not read (or write) it. Nothing is damaged: fix the
 * path, the permissions or the Sluice version and try again. The message names the path.
 */
public final class SpoolAccessException extends SpoolException {
  private static final long serialVersionUID = 1L;

  public SpoolAccessException(String message) {
    super(message);
  }

  public SpoolAccessException(String message, Throwable cause) {
    super(message, cause);
  }
}
