package io.sluice.spool;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.openhft.chronicle.core.io.ClosedIllegalStateException;
import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * A durable, append-only log of byte records in one folder, on a memory-mapped Chronicle Queue.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li><b>Durability.</b> When {@link #append} returns, the record is in the page cache of a
 *       shared file mapping: it survives the death of this process ({@code kill -9}). What survives
 *       an OS crash or power loss depends on the {@link SyncPolicy}: with {@code NONE} (the
 *       default) whatever the kernel had not yet written back is lost; with {@code INTERVAL} at
 *       most the last {@code syncInterval} (or {@code syncEveryEvents} records); with {@code EVERY}
 *       nothing that {@code append} returned.
 *   <li><b>Order.</b> Indexes grow strictly in append order, across threads and processes.
 *   <li><b>Bounded.</b> Appends stop before the cycle files exceed {@code maxSpoolBytes} or the
 *       file system's free space falls below {@code minFreeDiskBytes} (a full disk corrupts
 *       Chronicle Queue); then the {@link SpoolFullPolicy} applies. Records already appended are
 *       never dropped.
 *   <li><b>Position.</b> The spool keeps no reader position. Its user stores the index of the last
 *       record it processed, resumes with {@link SpoolReader#seekAfter(long)}, and frees disk with
 *       {@link #deleteCyclesBefore(long)}.
 * </ul>
 *
 * <h2>Threads and processes</h2>
 *
 * {@link #append} is thread-safe: each thread gets its own Chronicle appender, and Chronicle's
 * write lock orders them. Several processes may append to and read one spool on the same host
 * (never over NFS); each accounts its own appends and sees the others' at its next measurement
 * (every {@code spaceCheckInterval}, 100 ms). Readers are one per thread. A writable spool runs one
 * daemon thread for measurements and interval syncs.
 *
 * <h2>Identity</h2>
 *
 * Each spool has an id, written once in {@code spool.properties}, so a consumer's stored position
 * can never be applied to a different spool that reuses the same folder.
 */
public final class Spool implements AutoCloseable {
  static {
    ChronicleSettings.apply();
  }

  /** What {@link #append} returns when {@link SpoolFullPolicy#DROP_NEWEST} dropped the record. */
  public static final long DROPPED = -1L;

  /** Key of the dropped-record counter in Chronicle's {@code metadata.cq4t}. */
  static final String DROPPED_KEY = "sluice.dropped";

  static final String DELETED_KEY = "sluice.deleted.records";

  /**
   * Chronicle's own key for the newest msync'd index (read from the table store when read-only).
   */
  private static final String LAST_SYNCED_KEY = "chronicle.lastIndexMSynced";

  /** Bytes a record takes beyond its payload: the 4-byte header, rounded up for alignment. */
  private static final int RECORD_OVERHEAD = 8;

  private final Path directory;
  private final SpoolMetadata metadata;
  private final SingleChronicleQueue queue;
  private final boolean readOnly;
  private final CycleFiles cycleFiles;
  private final LongValue droppedCount;
  private final LongValue deletedRecords;
  private final SpaceGuard space;
  private final KeptCycles kept;
  private final SpoolSyncer syncer;
  private final boolean syncs;
  private final SpoolBackground background;
  private final ThreadLocal<ExcerptAppender> appenders = new ThreadLocal<>();
  private final Set<ExcerptAppender> allAppenders = ConcurrentHashMap.newKeySet();
  private volatile int newestCycle = Integer.MIN_VALUE;
  private volatile boolean closed;

  private Spool(
      Path directory, SpoolMetadata metadata, SingleChronicleQueue queue, SpoolConfig config) {
    this.directory = directory;
    this.metadata = metadata;
    this.queue = queue;
    this.readOnly = config == null;
    this.cycleFiles = new CycleFiles(queue, directory);
    this.droppedCount = TableStoreValues.acquire(queue, DROPPED_KEY, readOnly);
    this.deletedRecords = TableStoreValues.acquire(queue, DELETED_KEY, readOnly);
    this.kept =
        new KeptCycles(
            directory,
            queue,
            cycleFiles,
            TableStoreValues.acquire(queue, KeptCycles.KEY, readOnly),
            deletedRecords);
    if (readOnly) {
      space = null;
      syncer = null;
      syncs = false;
      background = null;
    } else {
      // A new cycle file starts with two index arrays of indexCount longs (and a small header).
      long rollHeadroom = 2L * queue.indexCount() * Long.BYTES + 4096;
      space = new SpaceGuard(config, rollHeadroom, cycleFiles::usedBytes, droppedCount);
      space.keptCycles(kept);
      syncer = new SpoolSyncer(config, queue, cycleFiles);
      syncs = config.syncPolicy() != SyncPolicy.NONE;
      background = new SpoolBackground(config, space, syncer);
    }
  }

  /**
   * Opens the spool in {@code config.directory()}, creating it (owner-only) when the folder is
   * missing or empty. Safe when several processes open a new folder at once: exactly one creates
   * the spool's identity and all of them open the same spool (see {@link SpoolIdentity}).
   *
   * @throws SpoolException if the folder holds something that is not a spool, or cannot be created
   *     or read; the message names the path. Also, before the folder is touched, if the JVM lacks
   *     the flags Chronicle Queue needs; the message lists them
   *     <p>A damaged file is first repaired ({@link SpoolRepair}, an ERROR logged naming it), or,
   *     with {@link SpoolConfig#refuseTruncatedFiles()}, refused.
   * @throws SpoolCorruptedException if the spool was written by a newer format version, or a file
   *     is damaged in strict mode ({@link DamagedSpoolFileException})
   */
  public static Spool open(SpoolConfig config) {
    Path dir = config.directory();
    ChronicleFlags.check(dir);
    SpoolMetadata metadata;
    try {
      SpoolFolder.createOwnerOnly(dir);
      metadata = SpoolIdentity.readOrCreate(dir, config.rollCycle());
    } catch (AccessDeniedException e) {
      throw new SpoolException(
          "Cannot open spool "
              + dir
              + ": permission denied on "
              + e.getFile()
              + ". Run as the spool's owner or choose another folder.",
          e);
    } catch (IOException e) {
      throw new SpoolException("Cannot open spool " + dir + ": " + e + ".", e);
    }
    // Checked and repaired before Chronicle reads the files, under the folder's lock: another
    // opener's Chronicle may be creating metadata.cq4t or a cycle file, which is no damage.
    SpoolMetadata identity = metadata;
    Opening opening;
    try {
      opening =
          SpoolIdentity.exclusively(
              dir,
              () -> {
                SpoolRepair r = SpoolRepair.beforeWritableOpen(dir, identity, config);
                return new Opening(r, ChronicleSettings.queue(dir, identity, config));
              });
    } catch (IOException e) {
      throw new SpoolException(
          "Cannot lock spool " + dir + " to open it: " + e + ". Check the folder's permissions.",
          e);
    }
    SpoolRepair repair = opening.repair();
    SingleChronicleQueue queue = opening.queue();
    try {
      queue.refreshDirectoryListing();
      Spool spool = new Spool(dir, metadata, queue, config);
      repair.restoreCounters(spool.droppedCount, spool.deletedRecords);
      return spool;
    } catch (RuntimeException e) {
      queue.close();
      throw e;
    }
  }

  /**
   * Opens an existing spool for reading only, for inspection while another process may be writing
   * it. Appending to it or deleting from it throws.
   *
   * @throws SpoolException if the folder does not exist or is not a spool, or the JVM lacks the
   *     flags Chronicle Queue needs (the message lists them)
   */
  public static Spool openReadOnly(Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    ChronicleFlags.check(dir);
    SpoolFolder.checkReadable(dir);
    SpoolMetadata metadata = SpoolMetadata.read(dir);
    SpoolRepair.refuseForReading(dir, metadata); // before Chronicle can hang or crash on damage
    SingleChronicleQueue queue = ChronicleSettings.queue(dir, metadata, null);
    return new Spool(dir, metadata, queue, null);
  }

  private record Opening(SpoolRepair repair, SingleChronicleQueue queue) {}

  /** This spool's id, fixed when it was created. */
  public String id() {
    return metadata.spoolId();
  }

  public Path directory() {
    return directory;
  }

  public RollCycle rollCycle() {
    return metadata.rollCycle();
  }

  /**
   * Appends one record and returns its index. Thread-safe; returns once the record is in the shared
   * memory mapping and, with {@link SyncPolicy#EVERY}, on the device (see the class notes).
   *
   * <p>When the record would take the spool past {@code maxSpoolBytes} or the disk below {@code
   * minFreeDiskBytes}, the {@link SpoolFullPolicy} applies: {@code BLOCK} waits up to {@code
   * blockTimeout}, {@code FAIL} throws, {@code DROP_NEWEST} returns {@link #DROPPED}.
   *
   * @return the record's index, or {@link #DROPPED} (-1) if {@code DROP_NEWEST} dropped it
   * @throws IllegalArgumentException if {@code length} is 0: an empty record cannot be told apart
   *     from padding
   * @throws SpoolFullException if the spool is full and the policy is {@code FAIL}, or {@code
   *     BLOCK} and no room came within {@code blockTimeout}; nothing was appended
   * @throws SpoolClosedException if the spool was closed
   */
  public long append(byte[] record, int offset, int length) {
    if (length <= 0) {
      throw new IllegalArgumentException("Cannot append an empty record to spool " + directory);
    }
    ExcerptAppender appender = appender();
    long bytes = length + RECORD_OVERHEAD;
    if (!space.tryAcquire(bytes) && !space.acquireWhenFull(bytes)) {
      return DROPPED;
    }
    try {
      try (DocumentContext dc = appender.writingDocument()) {
        dc.wire().bytes().write(record, offset, length);
      }
      long index = appender.lastIndexAppended();
      if (syncs) {
        syncer.afterAppend(appender, index);
      }
      int cycle = queue.rollCycle().toCycle(index);
      if (cycle != newestCycle) {
        newestCycle = cycle;
        space.refresh(); // count the new file's index now, not at the next periodic measurement
      }
      return index;
    } catch (ClosedIllegalStateException e) {
      throw closedException(directory);
    }
  }

  /** Appends the whole array; see {@link #append(byte[], int, int)}. */
  public long append(byte[] record) {
    return append(record, 0, record.length);
  }

  private ExcerptAppender appender() {
    ExcerptAppender appender = appenders.get();
    if (appender == null) {
      checkOpen();
      checkWritable("append to");
      appender = queue.createAppender();
      appenders.set(appender);
      allAppenders.add(appender);
    }
    return appender;
  }

  private void checkWritable(String action) {
    if (readOnly) {
      throw new SpoolException(
          "Cannot " + action + " spool " + directory + ": it was opened read-only for inspection.");
    }
  }

  static SpoolClosedException closedException(Path directory) {
    return new SpoolClosedException("Spool " + directory + " is closed. Open it again to append.");
  }

  /**
   * Records {@link SpoolFullPolicy#DROP_NEWEST} refused since the spool was created, by any
   * process. Kept in the spool's {@code metadata.cq4t}, so it survives restarts; 0 on a read-only
   * spool no writer of this version has opened.
   */
  public long droppedCount() {
    checkOpen();
    return droppedCount == null ? 0 : droppedCount.getVolatileValue();
  }

  /**
   * Records ever appended to this spool, by any process: those on disk plus those in cycle files
   * {@link #deleteCyclesBefore} removed (counted in {@code metadata.cq4t}). Independent of any
   * consumer's checkpoint, so a consumer can check its accounting against it.
   */
  public long appendedCount() {
    checkOpen();
    return countAfter(-1) + deletedCount();
  }

  /**
   * Records lost to damage ({@link SpoolRepair}); each reads as {@link SpoolRecord#unreadable()}.
   */
  public long unreadableCount() {
    return UnreadableRecords.count(UnreadableRecords.read(directory));
  }

  /** Unreadable records with an index above {@code index}. */
  public long unreadableAfter(long index) {
    return UnreadableRecords.after(UnreadableRecords.read(directory), index);
  }

  /**
   * Index of the newest record known to be on the storage device (see {@link SyncPolicy}), or -1 if
   * none is (always -1 with {@code NONE}, which never syncs).
   */
  public long lastSyncedIndex() {
    checkOpen();
    long synced =
        readOnly ? TableStoreValues.readOnce(queue, LAST_SYNCED_KEY) : queue.lastIndexMSynced();
    return synced < 0 ? -1 : synced;
  }

  /**
   * Deletes the cycle files whose records all precede the cycle of {@code committedIndex}, the last
   * record the consumer has durably processed, and returns what it deleted. Never deletes the file
   * holding {@code committedIndex} (the consumer re-reads that record to resume) nor the current
   * write cycle's. Frees the space at once for appends waiting on a full spool.
   *
   * <p>Driven only by the caller's committed position, never by Chronicle's file-release callbacks:
   * a released file may still hold records no one has processed.
   *
   * @param committedIndex index of the last committed record, or -1 (nothing committed: no-op)
   * @throws IllegalArgumentException if no record with that index is in the spool
   * @throws SpoolException if a file cannot be deleted (naming it) or the spool is read-only
   */
  public SpoolCleanup deleteCyclesBefore(long committedIndex) {
    checkOpen();
    checkWritable("delete cycle files of");
    if (committedIndex < 0) {
      return SpoolCleanup.NONE;
    }
    requirePresent(committedIndex);
    int keepFrom = Math.min(queue.rollCycle().toCycle(committedIndex), queue.cycle());
    List<SpoolCycle> deleted = cycleFiles.deleteBefore(keepFrom, deletedRecords);
    if (!deleted.isEmpty()) {
      space.refresh();
    }
    return new SpoolCleanup(deleted);
  }

  private void requirePresent(long index) {
    if (!holds(index)) {
      String what = "spool " + directory + " before index " + index + ": no such record";
      String onDisk = formatIndex(firstIndex()) + ".." + formatIndex(lastIndex());
      throw new IllegalArgumentException(
          "Cannot delete cycle files of "
              + what
              + " (records on disk: "
              + onDisk
              + ")."
              + " Pass the index of the last record the consumer committed.");
    }
  }

  /** True when the record with {@code index} is on disk (its cycle file was not deleted). */
  public boolean holds(long index) {
    checkOpen();
    return cycleFiles.holds(index);
  }

  /** Records up to {@code index} are committed: kept files before it go first when full. */
  public void markCommitted(long index) {
    checkOpen();
    kept.markCommitted(index);
  }

  /** Records in cycle files deleted so far (committed, or given up for room), ever. */
  public long deletedCount() {
    checkOpen();
    return deletedRecords == null ? 0 : deletedRecords.getVolatileValue();
  }

  /** A new reader positioned at the oldest record; the caller closes it. */
  public SpoolReader reader() {
    checkOpen();
    return new SpoolReader(this, queue.createTailer()).seekToStart();
  }

  /** Index of the oldest record on disk, or -1 when the spool is empty. */
  public long firstIndex() {
    checkOpen();
    long first = queue.firstIndex();
    return first == Long.MAX_VALUE ? -1 : first;
  }

  /**
   * Index of the newest record, or -1 when the spool is empty. Reads backwards: not for hot paths.
   */
  public long lastIndex() {
    checkOpen();
    return queue.lastIndex();
  }

  /**
   * Counts the records with {@code fromInclusive <= index <= toInclusive}. Cheap within a cycle
   * file; across files it reads each file's record count.
   */
  public long countBetween(long fromInclusive, long toInclusive) {
    checkOpen();
    if (toInclusive < fromInclusive || toInclusive < 0) {
      return 0;
    }
    // countExcerpts counts the half-open range [from, to); + 1 includes the last record.
    return queue.countExcerpts(Math.max(fromInclusive, 0), toInclusive) + 1;
  }

  /**
   * Counts the records appended after {@code index} (all of them when {@code index} is -1): the
   * backlog of a consumer whose last processed record is {@code index}.
   */
  public long countAfter(long index) {
    long last = lastIndex();
    if (last < 0 || last <= index) {
      return 0;
    }
    long first = firstIndex();
    return countBetween(Math.max(first, index + 1), last);
  }

  /** The cycle files on disk, oldest first. */
  public List<SpoolCycle> cycles() {
    checkOpen();
    return cycleFiles.list();
  }

  /** Bytes written into the cycle files (the files are sparse; {@code ls} shows more). */
  public long usedBytes() {
    checkOpen();
    return cycleFiles.usedBytes();
  }

  /** Appenders now waiting for room under {@link SpoolFullPolicy#BLOCK}; tests use it. */
  int waitingAppenders() {
    return space == null ? 0 : space.waitingAppenders();
  }

  private void checkOpen() {
    if (closed) {
      throw closedException(directory);
    }
  }

  static String formatIndex(long index) {
    return index < 0 ? "none" : Long.toString(index);
  }

  /**
   * Closes the spool and every appender it made; appenders blocked on a full spool throw {@link
   * SpoolClosedException}. With {@link SyncPolicy#INTERVAL} it syncs a last time. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!readOnly) {
      space.close();
      background.close();
      syncer.close();
    }
    for (ExcerptAppender appender : allAppenders) {
      try {
        appender.singleThreadedCheckReset();
        appender.close();
      } catch (RuntimeException ignored) {
        // The queue's own close below releases what an appender could not.
      }
    }
    cycleFiles.close();
    kept.close();
    if (droppedCount != null) {
      droppedCount.close();
    }
    if (deletedRecords != null) {
      deletedRecords.close();
    }
    queue.close();
  }

  @Override
  public String toString() {
    return "Spool{" + directory + ", id=" + id() + '}';
  }
}
