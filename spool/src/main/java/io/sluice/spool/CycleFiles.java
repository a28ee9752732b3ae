package io.sluice.spool;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.RollingResourcesCache;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;

/**
 * The spool's cycle files: which exist, what they hold, and how many bytes they use.
 *
 * <p>Used bytes are what Chronicle wrote into each file (its store's write position), not the file
 * length: cycle files are sparse, created 80 MiB long whatever they hold. Opening a store costs
 * about 0.4 ms (a mapping), so {@link #usedBytes()} remembers the size of every cycle before the
 * newest (they no longer grow) and keeps the newest one's store open, making a measurement a
 * directory listing plus one volatile read.
 *
 * <p>Thread-safe: {@link #usedBytes()}, {@link #deleteBefore(int, LongValue)} and {@link #close()}
 * are synchronized.
 */
final class CycleFiles implements AutoCloseable {
  private final SingleChronicleQueue queue;
  private final RollingResourcesCache names;
  private final Map<Integer, Long> finishedCycleBytes = new HashMap<>();
  private SingleChronicleQueueStore newest;
  private int newestCycle;

  CycleFiles(SingleChronicleQueue queue, Path directory) {
    this.queue = queue;
    File dir = directory.toFile();
    // The mapping the queue itself uses from cycle numbers to file names (notes §7).
    this.names =
        new RollingResourcesCache(
            queue.rollCycle(),
            queue.epoch(),
            name -> new File(dir, name + SingleChronicleQueue.SUFFIX),
            file -> file.getName().replace(SingleChronicleQueue.SUFFIX, ""));
  }

  /** The file that holds (or will hold) the given cycle. */
  Path fileFor(int cycle) {
    return names.resourceFor(cycle).path.toPath();
  }

  /** The cycle files on disk, oldest first, with their records and bytes. */
  List<SpoolCycle> list() {
    return list(Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  /** The cycle files on disk with {@code from <= cycle <= to}, oldest first. */
  List<SpoolCycle> list(int from, int to) {
    List<SpoolCycle> result = new ArrayList<>();
    int first = Math.max(from, queue.firstCycle());
    int last = Math.min(to, queue.lastCycle());
    if (first == Integer.MAX_VALUE || last == Integer.MIN_VALUE || first > last) {
      return result;
    }
    net.openhft.chronicle.queue.RollCycle rc = queue.rollCycle();
    for (long cycle : queue.listCyclesBetween(first, last)) {
      int c = (int) cycle;
      SingleChronicleQueueStore store = queue.storeForCycle(c, queue.epoch(), false, null);
      if (store == null) {
        continue;
      }
      try {
        long bytes = store.writePosition();
        long count = excerptsInCycle(c);
        long firstIdx = count == 0 ? -1 : rc.toIndex(c, 0);
        long lastIdx = count == 0 ? -1 : rc.toIndex(c, count - 1);
        result.add(new SpoolCycle(c, store.file().toPath(), firstIdx, lastIdx, count, bytes));
      } finally {
        queue.closeStore(store);
      }
    }
    return result;
  }

  /** True when the record with {@code index} is on disk. */
  boolean holds(long index) {
    try (ExcerptTailer tailer = queue.createTailer()) {
      // moveToIndex can answer true for the next index to be written; check the record itself.
      if (index < 0 || !tailer.moveToIndex(index)) {
        return false;
      }
      try (net.openhft.chronicle.wire.DocumentContext dc = tailer.readingDocument()) {
        return dc.isPresent() && dc.index() == index;
      }
    }
  }

  private long excerptsInCycle(int cycle) {
    try (ExcerptTailer tailer = queue.createTailer()) {
      return tailer.excerptsInCycle(cycle);
    }
  }

  /**
   * Deletes every cycle file before {@code keepFrom}, oldest first, and returns them as they were.
   * Then refreshes Chronicle's directory listing, which otherwise lists deleted files for up to 60
   * s.
   *
   * @throws SpoolException naming the file that could not be deleted; those before it are gone
   */
  synchronized List<SpoolCycle> deleteBefore(int keepFrom, LongValue deletedRecords) {
    List<SpoolCycle> deleted = new ArrayList<>();
    try {
      for (SpoolCycle cycle : list(Integer.MIN_VALUE, keepFrom - 1)) {
        // Count first: a crash between the two leaves the count ahead by one file's records at
        // worst, never a deleted file uncounted; a failed delete takes the count back.
        deletedRecords.addAtomicValue(cycle.records());
        try {
          delete(cycle.file());
        } catch (RuntimeException e) {
          deletedRecords.addAtomicValue(-cycle.records());
          throw e;
        }
        deleted.add(cycle);
      }
    } finally {
      if (!deleted.isEmpty()) {
        queue.refreshDirectoryListing();
      }
    }
    return deleted;
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new SpoolException(
          "Cannot delete committed spool file "
              + file
              + ": "
              + e
              + ". Check the folder's permissions; its records are committed, so it may be"
              + " deleted by hand.",
          e);
    }
  }

  /** Bytes written into all cycle files now on disk. */
  synchronized long usedBytes() {
    int first = queue.firstCycle();
    int last = queue.lastCycle();
    if (first == Integer.MAX_VALUE || last == Integer.MIN_VALUE) {
      finishedCycleBytes.clear();
      releaseNewest();
      return 0;
    }
    NavigableSet<Long> cycles = queue.listCyclesBetween(first, last);
    finishedCycleBytes.keySet().removeIf(c -> !cycles.contains((long) c));
    if (cycles.isEmpty()) {
      releaseNewest();
      return 0;
    }
    long newestListed = cycles.last();
    long sum = 0;
    for (long cycle : cycles) {
      sum += cycle == newestListed ? newestBytes((int) cycle) : finishedBytes((int) cycle);
    }
    return sum;
  }

  private long newestBytes(int cycle) {
    if (newest != null && newestCycle != cycle) {
      finishedCycleBytes.put(newestCycle, newest.writePosition());
      releaseNewest();
    }
    if (newest == null) {
      newest = queue.storeForCycle(cycle, queue.epoch(), false, null);
      newestCycle = cycle;
    }
    return newest == null ? 0 : newest.writePosition();
  }

  private long finishedBytes(int cycle) {
    Long known = finishedCycleBytes.get(cycle);
    if (known != null) {
      return known;
    }
    SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null);
    if (store == null) {
      return 0; // deleted meanwhile
    }
    try {
      long bytes = store.writePosition();
      finishedCycleBytes.put(cycle, bytes);
      return bytes;
    } finally {
      queue.closeStore(store);
    }
  }

  private void releaseNewest() {
    if (newest != null) {
      queue.closeStore(newest);
      newest = null;
    }
  }

  @Override
  public synchronized void close() {
    releaseNewest();
  }
}
