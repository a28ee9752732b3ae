package io.sluice.inspect;

import io.sluice.model.SpooledEvent;

/**
 * One spool record as the inspector read it: decoded, or damaged with the reason.
 *
 * @param index the record's spool index
 * @param offset byte offset of its payload in its cycle file
 * @param event the decoded event, or {@code null} when damaged
 * @param damage why it does not decode (checksum mismatch, truncated...), or {@code null}
 * @param bytes the record exactly as stored
 */
public record DecodedRecord(
    long index, long offset, SpooledEvent event, String damage, byte[] bytes) {
  /** The damage of a record a repair could not read (the spool holds a marker in its place). */
  static final String LOST =
      "lost to damage of its cycle file: a repair could not read it (see unreadable-records.txt)";

  public boolean isDamaged() {
    return event == null;
  }

  /** True for a record already lost and counted as unreadable by a repair. */
  public boolean isLost() {
    return LOST.equals(damage);
  }
}
