package io.sluice.spool;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import net.openhft.chronicle.core.io.ClosedIllegalStateException;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * A durable, append-only log of byte records in one folder, on a memory-mapped Chronicle Queue.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li><b>Durability.</b> When {@link #append} returns, the record is in the page cache of a
 *       shared file mapping: it survives the death of this process ({@code kill -9}), not an OS
 *       crash or power loss.
 *   <li><b>Order.</b> Indexes grow strictly in append order, across threads and processes.
 *   <li><b>Position.</b> The spool keeps no reader position. Its user stores the index of the last
 *       record it processed and resumes with {@link SpoolReader#seekAfter(long)}.
 * </ul>
 *
 * <h2>Threads and processes</h2>
 *
 * {@link #append} is thread-safe: each thread gets its own Chronicle appender, and Chronicle's
 * write lock orders them. Several processes may append to and read one spool on the same host
 * (never over NFS). Readers are one per thread.
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

  private final Path directory;
  private final SpoolMetadata metadata;
  private final SingleChronicleQueue queue;
  private final boolean readOnly;
  private final ThreadLocal<ExcerptAppender> appenders = new ThreadLocal<>();
  private final Set<ExcerptAppender> allAppenders = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private Spool(Path directory, SpoolMetadata metadata, SingleChronicleQueue queue, boolean ro) {
    this.directory = directory;
    this.metadata = metadata;
    this.queue = queue;
    this.readOnly = ro;
  }

  /**
   * Opens the spool in {@code config.directory()}, creating it (owner-only) when the folder is
   * missing or empty.
   *
   * @throws SpoolException if the folder holds something that is not a spool, or cannot be
   *     created or read; the message names the path
   * @throws SpoolCorruptedException if the spool was written by a newer format version
   */
  public static Spool open(SpoolConfig config) {
    Path dir = config.directory();
    SpoolMetadata metadata;
    try {
      createOwnerOnly(dir);
      if (SpoolMetadata.existsIn(dir)) {
        metadata = SpoolMetadata.read(dir);
      } else if (isEmpty(dir)) {
        metadata = SpoolMetadata.create(config.rollCycle());
        metadata.writeTo(dir);
      } else {
        throw notASpool(dir);
      }
    } catch (AccessDeniedException e) {
      throw new SpoolException(
          "Cannot open spool " + dir + ": permission denied on " + e.getFile()
              + ". Run as the spool's owner or choose another folder.", e);
    } catch (IOException e) {
      throw new SpoolException("Cannot open spool " + dir + ": " + e + ".", e);
    }
    return new Spool(dir, metadata, build(dir, metadata, false), false);
  }

  /**
   * Opens an existing spool for reading only, for inspection while another process may be writing
   * it. Appending to it throws.
   *
   * @throws SpoolException if the folder does not exist or is not a spool
   */
  public static Spool openReadOnly(Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new SpoolException(
          "No spool at " + dir + ": the folder does not exist. Check --spool or SLUICE_SPOOL_DIR.");
    }
    if (!SpoolMetadata.existsIn(dir)) {
      throw notASpool(dir);
    }
    if (!Files.isReadable(dir.resolve(SpoolMetadata.FILE_NAME))) {
      throw new SpoolException(
          "Cannot read spool " + dir + ": permission denied. Run as the spool's owner.");
    }
    SpoolMetadata metadata = SpoolMetadata.read(dir);
    return new Spool(dir, metadata, build(dir, metadata, true), true);
  }

  private static SpoolException notASpool(Path dir) {
    return new SpoolException(
        "Not a spool: "
            + dir
            + " has files but no "
            + SpoolMetadata.FILE_NAME
            + ". Point --spool at a spool folder, or at a new or empty one to create a spool.");
  }

  private static SingleChronicleQueue build(Path dir, SpoolMetadata metadata, boolean readOnly) {
    try {
      return SingleChronicleQueueBuilder.single(dir.toFile())
          .rollCycle(ChronicleSettings.toChronicle(metadata.rollCycle()))
          .readOnly(readOnly)
          .build();
    } catch (RuntimeException e) {
      throw new SpoolException("Cannot open spool " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void createOwnerOnly(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

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
   * Appends one record and returns its index. Thread-safe; returns once the record is in the
   * shared memory mapping (see the class notes for what that survives).
   *
   * @throws IllegalArgumentException if {@code length} is 0: an empty record cannot be told apart
   *     from padding
   * @throws SpoolClosedException if the spool was closed
   */
  public long append(byte[] record, int offset, int length) {
    if (length <= 0) {
      throw new IllegalArgumentException("Cannot append an empty record to spool " + directory);
    }
    ExcerptAppender appender = appender();
    try {
      try (DocumentContext dc = appender.writingDocument()) {
        dc.wire().bytes().write(record, offset, length);
      }
      return appender.lastIndexAppended();
    } catch (ClosedIllegalStateException e) {
      throw closedException();
    }
  }

  /** Appends the whole array; see {@link #append(byte[], int, int)}. */
  public long append(byte[] record) {
    return append(record, 0, record.length);
  }

  private ExcerptAppender appender() {
    ExcerptAppender appender = appenders.get();
    if (appender == null) {
      if (closed) {
        throw closedException();
      }
      if (readOnly) {
        throw new SpoolException(
            "Cannot append to spool " + directory + ": it was opened read-only for inspection.");
      }
      appender = queue.createAppender();
      appenders.set(appender);
      allAppenders.add(appender);
    }
    return appender;
  }

  private SpoolClosedException closedException() {
    return new SpoolClosedException("Spool " + directory + " is closed. Open it again to append.");
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

  /** Index of the newest record, or -1 when the spool is empty. Reads backwards: not for hot paths. */
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
    List<SpoolCycle> result = new ArrayList<>();
    int first = queue.firstCycle();
    int last = queue.lastCycle();
    if (first == Integer.MAX_VALUE || last == Integer.MIN_VALUE) {
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

  private long excerptsInCycle(int cycle) {
    try (var tailer = queue.createTailer()) {
      return tailer.excerptsInCycle(cycle);
    }
  }

  /** Bytes written into the cycle files (the files are sparse; {@code ls} shows more). */
  public long usedBytes() {
    return cycles().stream().mapToLong(SpoolCycle::bytes).sum();
  }

  private void checkOpen() {
    if (closed) {
      throw closedException();
    }
  }

  static String formatIndex(long index) {
    return index < 0 ? "none" : Long.toString(index);
  }

  /** Closes the spool and every appender it made. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ExcerptAppender appender : allAppenders) {
      try {
        appender.singleThreadedCheckReset();
        appender.close();
      } catch (RuntimeException ignored) {
        // The queue's own close below releases what an appender could not.
      }
    }
    queue.close();
  }

  @Override
  public String toString() {
    return "Spool{" + directory + ", id=" + id() + '}';
  }
}
