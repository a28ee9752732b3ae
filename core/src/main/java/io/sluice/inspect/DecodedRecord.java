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
public record DecodedRecord(long index, long offset, SpooledEvent event, String damage, byte[] bytes) {
  public boolean isDamaged() {
    return event == null;
  }
}
