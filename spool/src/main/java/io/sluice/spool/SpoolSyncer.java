package io.sluice.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forces appended records to the storage device as the spool's {@link SyncPolicy} asks.
 *
 * <h2>What Chronicle's sync does (chronicle-queue 2026.4, read from its bytecode)</h2>
 *
 * <ul>
 *   <li>{@code ExcerptAppender.sync()} msyncs, within the 64 MiB chunk that holds <em>this
 *       appender's own</em> write position, the pages from that chunk's last synced offset up to
 *       that position, with the queue's {@code SyncMode}; then it sets {@code
 *       queue.lastIndexMSynced} to this appender's last index. In the default {@code ASYNC} mode
 *       that is {@code MS_ASYNC}, a no-op on Linux; {@code SYNC} makes it {@code MS_SYNC}.
 *   <li>msync acts on file pages, so it also flushes what other appenders and processes wrote in
 *       that range. But it is not "flush everything": an appender's write position moves only when
 *       that appender writes (a syncer thread with its own idle appender syncs nothing, its store
 *       being null), and earlier chunks are msynced only when the last holder of their mapping
 *       releases it, which a lagging reader can postpone for as long as a database outage lasts.
 *       {@code ExcerptTailer.sync()} has the same limits up to its read position.
 *   <li>Neither fsyncs the folder, so a new cycle file's name may not survive power loss.
 * </ul>
 *
 * <h2>So</h2>
 *
 * <ul>
 *   <li>{@link SyncPolicy#EVERY}: the appending thread calls its own appender's {@code sync()}
 *       ({@code SyncMode.SYNC}); that covers its record before {@code append} returns. The store
 *       header's write position (first page) is outside that range; a stale one after power loss
 *       should be harmless, since an appender skips forward over complete headers it finds past it,
 *       as it does after another process's writes (inferred from the code, not power-tested).
 *   <li>{@link SyncPolicy#INTERVAL}: one {@code fdatasync} ({@code FileChannel.force(false)}) of
 *       every cycle file written since the last sync, from the spool's background thread, or from
 *       the append that completes {@code syncEveryEvents}. On Linux {@code msync(MS_SYNC)} is an
 *       fsync of the mapped range, so an fdatasync of the whole file covers every chunk, whoever
 *       dirtied it. The queue keeps the default {@code ASYNC} mode: with {@code SYNC}, the append
 *       that crosses a chunk boundary would msync the whole previous chunk before returning.
 *   <li>Both fsync the folder once after a record lands in a new cycle file, and advance {@code
 *       queue.lastIndexMSynced} (key {@code chronicle.lastIndexMSynced} in {@code metadata.cq4t}).
 * </ul>
 *
 * <p>Thread-safe.
 */
final class SpoolSyncer {
  private static final Logger LOG = LoggerFactory.getLogger(Spool.class);

  private final SyncPolicy policy;
  private final int everyEvents;
  private final SingleChronicleQueue queue;
  private final CycleFiles files;
  private final Path directory;
  private final AtomicLong events = new AtomicLong();

  /**
   * Newest index appended here; racing threads may lower it, which only makes a sync claim less.
   */
  private volatile long lastAppended = -1;

  private volatile int folderSyncedCycle = Integer.MIN_VALUE;
  private long syncedUpTo = -1; // guarded by this
  private int firstUnsyncedCycle; // guarded by this

  SpoolSyncer(SpoolConfig config, SingleChronicleQueue queue, CycleFiles files) {
    this.policy = config.syncPolicy();
    this.everyEvents = config.syncEveryEvents();
    this.queue = queue;
    this.files = files;
    this.directory = config.directory();
    int last = queue.lastCycle();
    this.firstUnsyncedCycle = last == Integer.MIN_VALUE ? queue.cycle() : last;
  }

  /** The Chronicle sync mode the queue must be built with for this policy. */
  static net.openhft.chronicle.bytes.SyncMode chronicleMode(SyncPolicy policy) {
    return policy == SyncPolicy.EVERY
        ? net.openhft.chronicle.bytes.SyncMode.SYNC
        : net.openhft.chronicle.bytes.MappedFile.DEFAULT_SYNC_MODE;
  }

  /** Called by the appending thread once its record is complete; not for {@code NONE}. */
  void afterAppend(ExcerptAppender appender, long index) {
    if (policy == SyncPolicy.EVERY) {
      appender.sync();
      syncFolderOnce(queue.rollCycle().toCycle(index));
      return;
    }
    lastAppended = index;
    if (everyEvents > 0 && events.incrementAndGet() % everyEvents == 0) {
      syncNow();
    }
  }

  /**
   * Forces every record appended here so far ({@code INTERVAL}).
   *
   * @throws SpoolException if the device refuses; the message names the file
   */
  synchronized void syncNow() {
    long upTo = lastAppended;
    if (upTo <= syncedUpTo) {
      return;
    }
    int cycle = queue.rollCycle().toCycle(upTo);
    for (long c : queue.listCyclesBetween(Math.min(firstUnsyncedCycle, cycle), cycle)) {
      force(files.fileFor((int) c));
    }
    syncFolderOnce(cycle);
    queue.lastIndexMSynced(upTo);
    syncedUpTo = upTo;
    firstUnsyncedCycle = cycle;
  }

  /** {@link #syncNow()} for the background thread: logs instead of throwing. */
  void syncQuietly() {
    try {
      syncNow();
    } catch (RuntimeException e) {
      LOG.error("{}", e.getMessage(), e);
    }
  }

  private void force(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ch.force(false);
    } catch (NoSuchFileException e) {
      // Deleted by a cleanup: its records were committed, nothing to keep.
    } catch (IOException e) {
      throw syncFailed(file, e);
    }
  }

  private void syncFolderOnce(int cycle) {
    if (cycle <= folderSyncedCycle) {
      return;
    }
    synchronized (this) {
      if (cycle > folderSyncedCycle) {
        try {
          DirectorySync.force(directory);
        } catch (IOException e) {
          throw syncFailed(directory, e);
        }
        folderSyncedCycle = cycle;
      }
    }
  }

  private SpoolException syncFailed(Path path, IOException e) {
    return new SpoolException(
        "Cannot sync spool file "
            + path
            + ": "
            + e
            + ". Records appended since index "
            + Spool.formatIndex(queue.lastIndexMSynced())
            + " may not survive a power loss; check the disk and the system log.",
        e);
  }

  /** A last sync before the queue closes ({@code INTERVAL}). */
  void close() {
    if (policy == SyncPolicy.INTERVAL) {
      syncQuietly();
    }
  }
}
