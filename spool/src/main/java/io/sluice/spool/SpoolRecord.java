package io.sluice.spool;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One record read back from the spool: its index and a private copy of its bytes.
 *
 * @param index the record's position; strictly increasing in append order, not contiguous across
 *     cycle files
 * @param payload exactly the bytes given to {@link Spool#append}; the caller owns this array
 */
public record SpoolRecord(long index, byte[] payload) {
  /**
   * What a repaired cycle file holds in place of a record that could not be read (see {@link
   * SpoolRepair}): a byte sequence no Sluice event starts with (events start with their format
   * version, never 0).
   */
  private static final byte[] UNREADABLE =
      "\u0000sluice:unreadable-record:v1\u0000".getBytes(StandardCharsets.US_ASCII);

  /**
   * True when the record at this index was lost to damage: its cycle file was repaired, and its
   * bytes could not be read. Its index is counted in {@link Spool#unreadableCount()}.
   */
  public boolean unreadable() {
    return Arrays.equals(payload, UNREADABLE);
  }

  static byte[] unreadableMarker() {
    return UNREADABLE.clone();
  }
}
