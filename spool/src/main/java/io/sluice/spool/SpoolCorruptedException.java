package io.sluice.spool;

/**
 * What is on disk is not what the spool wrote: a missing record the caller's checkpoint points to,
 * an unknown format version, or a damaged file. Nothing is skipped silently; the message names the
 * path and the index.
 */
public class SpoolCorruptedException extends SpoolException {
  private static final long serialVersionUID = 1L;

  public SpoolCorruptedException(String message) {
    super(message);
  }

  public SpoolCorruptedException(String message, Throwable cause) {
    super(message, cause);
  }
}
