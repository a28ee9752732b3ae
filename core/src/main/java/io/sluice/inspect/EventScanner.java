package io.sluice.inspect;

import io.sluice.internal.codec.CorruptRecordException;
import io.sluice.internal.codec.EventDecoder;
import io.sluice.spool.Spool;
import io.sluice.spool.SpoolCorruptedException;
import io.sluice.spool.SpoolReader;
import io.sluice.spool.SpoolRecord;

/**
 * Reads and decodes a spool's records in append order, from a start the caller picks, including
 * records not yet committed and records appended while it reads (by any process). Never writes: the
 * drainer's position lives in PostgreSQL and is not touched.
 *
 * <p>Not thread-safe: one scanner per thread.
 */
public final class EventScanner implements AutoCloseable {
  private final SpoolReader reader;
  private final EventDecoder decoder = new EventDecoder();
  private long skipBelow = Long.MIN_VALUE;

  public EventScanner(Spool spool) {
    this.reader = spool.reader();
  }

  /** Starts at the first record whose index is at least {@code index}. */
  public EventScanner startAt(long index) {
    // Fast path: seek just after the record before it (same cycle file). When that record does
    // not exist (a new cycle file starts at index, or it precedes the spool), scan from the start
    // and skip: never trust a failed seek (notes, chronicle.md trap 4).
    if (index <= 0) {
      reader.seekToStart();
      return this;
    }
    try {
      reader.seekAfter(index - 1);
    } catch (RuntimeException e) {
      reader.seekToStart();
      skipBelow = index;
    }
    return this;
  }

  /**
   * Starts just after the record at {@code index} (the checkpoint); -1 starts at the oldest record.
   *
   * @throws SpoolCorruptedException if that record is no longer on disk
   */
  public EventScanner startAfter(long index) {
    if (index >= 0) {
      reader.seekAfter(index);
    }
    return this;
  }

  /** The next record, or {@code null} when the scanner has caught up with the writers. */
  public DecodedRecord next() {
    SpoolRecord r;
    do {
      r = reader.next();
      if (r == null) {
        return null;
      }
    } while (r.index() < skipBelow);
    long offset = reader.lastRecordOffset();
    if (r.unreadable()) {
      return new DecodedRecord(r.index(), offset, null, DecodedRecord.LOST, r.payload());
    }
    try {
      return new DecodedRecord(r.index(), offset, decoder.decode(r.payload()), null, r.payload());
    } catch (CorruptRecordException e) {
      return new DecodedRecord(r.index(), offset, null, e.getMessage(), r.payload());
    }
  }

  @Override
  public void close() {
    reader.close();
  }
}
