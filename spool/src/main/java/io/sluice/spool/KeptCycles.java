package io.sluice.spool;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cycle files whose records are all committed but which the consumer still keeps, so that a
 * database failover that rolls its checkpoint back can be drained again from the spool; and giving
 * them up, oldest first, when an append needs their room.
 *
 * <h2>Design notes</h2>
 *
 * The consumer publishes the newest index it committed with {@link #markCommitted(long)} into
 * Chronicle's table store ({@code metadata.cq4t}, key {@code sluice.committed.index}, stored as
 * index + 1 so that 0 means none): shared memory, so an appender in another process that finds the
 * spool full can release the kept files too. Only files wholly before the cycle of that index are
 * released, as {@link Spool#deleteCyclesBefore(long)} would, and only as many as the append needs.
 * Each release logs one WARN naming the events and indexes whose failover protection was given up.
 *
 * <p>Thread-safe: deletion is serialized by {@link CycleFiles}.
 */
final class KeptCycles {
  static final String KEY = "sluice.committed.index";
  private static final Logger LOG = LoggerFactory.getLogger(Spool.class);

  private final Path directory;
  private final SingleChronicleQueue queue;
  private final CycleFiles files;
  private final LongValue committed;
  private final LongValue deletedRecords;

  KeptCycles(
      Path directory,
      SingleChronicleQueue queue,
      CycleFiles files,
      LongValue committed,
      LongValue deletedRecords) {
    this.directory = directory;
    this.queue = queue;
    this.files = files;
    this.committed = committed;
    this.deletedRecords = deletedRecords;
  }

  /** Records that every record up to {@code index} is committed (never moves back). */
  void markCommitted(long index) {
    if (committed != null && index >= 0) {
      committed.setMaxValue(index + 1);
    }
  }

  /** The newest index the consumer reported committed, or -1. */
  long committedIndex() {
    return committed == null ? -1 : committed.getVolatileValue() - 1;
  }

  /**
   * Deletes kept committed cycle files, oldest first, until {@code enough} says there is room.
   *
   * @return true if a file was deleted
   */
  boolean release(java.util.function.BooleanSupplier enough, Runnable remeasure) {
    long index = committedIndex();
    if (index < 0) {
      return false;
    }
    int keepFrom = Math.min(queue.rollCycle().toCycle(index), queue.cycle());
    List<SpoolCycle> candidates = files.list(Integer.MIN_VALUE, keepFrom - 1);
    long events = 0;
    long firstIndex = -1;
    long lastIndex = -1;
    int deleted = 0;
    int firstCycle = 0;
    int lastCycle = 0;
    for (SpoolCycle c : candidates) {
      List<SpoolCycle> gone = files.deleteBefore(c.cycle() + 1, deletedRecords);
      if (gone.isEmpty()) {
        continue;
      }
      for (SpoolCycle g : gone) {
        firstCycle = deleted == 0 ? g.cycle() : firstCycle;
        lastCycle = g.cycle();
        deleted++;
        events += g.records();
        firstIndex = firstIndex < 0 ? g.firstIndex() : firstIndex;
        lastIndex = g.lastIndex() >= 0 ? g.lastIndex() : lastIndex;
      }
      remeasure.run();
      if (enough.getAsBoolean()) {
        break;
      }
    }
    if (deleted > 0) {
      long millis = queue.rollCycle().lengthInMillis();
      LOG.warn(
          "Spool {} needed room: deleted {} committed cycle file(s) kept for a database failover"
              + " ({} events, indexes {}..{}, written from {} to {}). A failover that rolls the"
              + " checkpoint back past index {} can no longer re-drain them from the spool; raise"
              + " maxSpoolBytes or lower SLUICE_KEEP_COMMITTED to keep that protection.",
          directory,
          deleted,
          events,
          firstIndex,
          lastIndex,
          Instant.ofEpochMilli(firstCycle * millis + queue.epoch()),
          Instant.ofEpochMilli((lastCycle + 1L) * millis + queue.epoch()),
          lastIndex);
    }
    return deleted > 0;
  }

  void close() {
    if (committed != null) {
      committed.close();
    }
  }
}
