package io.sluice.spool;

/**
 * One record read back from the spool: its index and a private copy of its bytes.
 *
 * @param index the record's position; strictly increasing in append order, not contiguous across
 *     cycle files
 * @param payload exactly the bytes given to {@link Spool#append}; the caller owns this array
 */
public record SpoolRecord(long index, byte[] payload) {}
