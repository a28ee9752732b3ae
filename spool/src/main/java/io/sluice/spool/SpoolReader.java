package io.sluice.spool;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads a spool's records in append order from a position the caller keeps (the drainer keeps it in
 * PostgreSQL, not in the spool: Chronicle's own named tailers move before the caller has committed,
 * which would make delivery at-most-once).
 *
 * <p>Not thread-safe: one reader per thread. A reader sees records appended after it was created,
 * by this process or another one.
 */
public final class SpoolReader implements AutoCloseable {
  private final Spool spool;
  private final ExcerptTailer tailer;
  private long lastOffset = -1;

  SpoolReader(Spool spool, ExcerptTailer tailer) {
    this.spool = spool;
    this.tailer = tailer;
  }

  /** Positions the reader at the oldest record still on disk. */
  public SpoolReader seekToStart() {
    tailer.toStart();
    return this;
  }

  /**
   * Positions the reader just after the record at {@code index}, so the next read returns the
   * record appended after it.
   *
   * @throws SpoolCorruptedException if no record with that index is on disk (its cycle file was
   *     deleted or lost, or the index belongs to another spool); nothing is skipped silently
   */
  public SpoolReader seekAfter(long index) {
    // Chronicle's moveToIndex can answer false yet move the tailer (past the end it would later
    // skip records), so a failed move is an error here, never a position.
    if (!tailer.moveToIndex(index)) {
      throw missing(index);
    }
    try (DocumentContext dc = tailer.readingDocument()) {
      if (!dc.isPresent() || dc.index() != index) {
        throw missing(index);
      }
    }
    return this;
  }

  private SpoolCorruptedException missing(long index) {
    return new SpoolCorruptedException(
        "Record "
            + Spool.formatIndex(index)
            + " is not in spool "
            + spool.directory()
            + " (records on disk: "
            + Spool.formatIndex(spool.firstIndex())
            + ".."
            + Spool.formatIndex(spool.lastIndex())
            + "). A checkpoint points to a record that is gone: restore the spool folder, or"
            + " reset the checkpoint if its events are known to be in PostgreSQL.");
  }

  /**
   * Returns the next record, or {@code null} when the reader has caught up with the writers. A
   * later call may return a record appended meanwhile.
   */
  public SpoolRecord next() {
    try (DocumentContext dc = tailer.readingDocument()) {
      if (!dc.isPresent()) {
        return null;
      }
      Bytes<?> bytes = dc.wire().bytes();
      lastOffset = bytes.readPosition();
      byte[] payload = new byte[(int) bytes.readRemaining()];
      bytes.read(payload);
      return new SpoolRecord(dc.index(), payload);
    }
  }

  /**
   * The index the next read starts at (for a fresh or caught-up reader, where the next append
   * goes).
   */
  public long position() {
    return tailer.index();
  }

  /**
   * Byte offset, in its cycle file, of the payload of the record the last {@link #next()} returned
   * (Chronicle's 4-byte record header precedes it), or -1 before the first record. For tools that
   * report where a damaged record sits.
   */
  public long lastRecordOffset() {
    return lastOffset;
  }

  @Override
  public void close() {
    tailer.close();
  }
}
