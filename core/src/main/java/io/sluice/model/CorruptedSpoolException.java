package io.sluice.model;

/**
 * The spool on disk is damaged: a cycle file is cut short (a bad copy or restore) and strict mode
 * refuses to open it, or a read-only look refuses to read it. Unlike other failures, retrying does
 * not help: restore the file, or move it away and accept losing its events (without strict mode,
 * Sluice quarantines it itself). The message names the file.
 */
public final class CorruptedSpoolException extends SluiceException {
  private static final long serialVersionUID = 1L;

  public CorruptedSpoolException(String message, Throwable cause) {
    super(message, cause);
  }
}
