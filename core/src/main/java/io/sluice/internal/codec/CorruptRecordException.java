package io.sluice.internal.codec;

/** A spool record that does not decode: wrong checksum, unknown version or kind, or truncated. */
public final class CorruptRecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CorruptRecordException(String message) {
    super(message);
  }
}
