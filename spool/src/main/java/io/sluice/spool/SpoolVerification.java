package io.sluice.spool;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.RollingResourcesCache;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;
import net.openhft.chronicle.queue.rollcycles.LegacyRollCycles;
import net.openhft.chronicle.queue.rollcycles.SparseRollCycles;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

/**
 * A structural check of every file of a spool, done with plain reads, never through Chronicle, so
 * it works on files Chronicle would choke on (and never hangs or crashes the JVM): each {@code
 * .cq4} cycle file in the folder (its header, index and the chain of record headers) and
 * Chronicle's {@code metadata.cq4t}. Changes nothing; {@link SpoolRepair} acts on what it finds.
 *
 * <p>Record contents are not checked here (the spool knows nothing of them): a record whose bytes
 * were changed but whose length is intact reads as whole, and its user's own checksum catches it.
 * Cost: one sequential read of every cycle file (a sparse file's holes read fast).
 */
public final class SpoolVerification {
  static {
    ChronicleSettings.apply();
  }

  private static final int LIVE_RETRIES = 5;
  private static final long LIVE_PAUSE_MILLIS = 20;

  private final Path directory;
  private final RollCycle rollCycle;
  private final String metadataProblem;
  private final Map<Path, CycleFileScan> scans;
  private final List<CycleFileReport> files;
  private final List<UnreadableRecords.Range> recorded;

  private SpoolVerification(Path directory, RollCycle rollCycle, long minFileBytes) {
    this.directory = directory;
    this.rollCycle = rollCycle;
    this.metadataProblem = TableStoreCheck.problem(directory);
    this.scans = new LinkedHashMap<>();
    this.files = new ArrayList<>();
    this.recorded = UnreadableRecords.read(directory);
    RollingResourcesCache names = names(directory, rollCycle);
    for (Path file : cycleFiles(directory)) {
      files.add(check(file, names, minFileBytes));
    }
  }

  /**
   * Checks the spool in {@code directory}.
   *
   * @throws SpoolException if the folder is not a spool (the message names it)
   */
  public static SpoolVerification of(Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    SpoolFolder.checkReadable(dir);
    SpoolMetadata metadata = SpoolMetadata.read(dir);
    return of(dir, detect(dir, ChronicleSettings.toChronicle(metadata.rollCycle())));
  }

  static SpoolVerification of(Path dir, RollCycle rollCycle) {
    return new SpoolVerification(dir, rollCycle, defaultBlockSize(dir));
  }

  public Path directory() {
    return directory;
  }

  /** Every cycle file in the folder, oldest first. */
  public List<CycleFileReport> files() {
    return Collections.unmodifiableList(files);
  }

  /** The damaged cycle files, oldest first. */
  public List<CycleFileReport> damagedFiles() {
    return files.stream().filter(CycleFileReport::damaged).toList();
  }

  /** What is wrong with Chronicle's {@code metadata.cq4t}, or null when it is whole. */
  public String metadataProblem() {
    return metadataProblem;
  }

  public Path metadataFile() {
    return directory.resolve(TableStoreCheck.FILE_NAME);
  }

  /** True when any file is damaged. */
  public boolean damaged() {
    return metadataProblem != null || files.stream().anyMatch(CycleFileReport::damaged);
  }

  /** Records an earlier repair found unreadable (kept as markers in the repaired files). */
  public long unreadableRecordedBefore() {
    return UnreadableRecords.count(recorded);
  }

  RollCycle rollCycle() {
    return rollCycle;
  }

  CycleFileScan scan(Path file) {
    return scans.get(file);
  }

  private CycleFileReport check(Path file, RollingResourcesCache names, long minFileBytes) {
    String base = file.getFileName().toString().replace(SingleChronicleQueue.SUFFIX, "");
    int cycle;
    try {
      cycle = names.parseCount(base);
    } catch (RuntimeException e) {
      return new CycleFileReport(
          file,
          -1,
          0,
          0,
          List.of(),
          -1,
          -1,
          List.of("its name is not a cycle of roll cycle " + rollCycle),
          false);
    }
    CycleFileScan scan;
    try {
      scan = stableScan(file);
    } catch (IOException | RuntimeException e) {
      return new CycleFileReport(
          file, cycle, 0, 0, List.of(), -1, -1, List.of("it cannot be read: " + e), false);
    }
    if (scan.fileSize < minFileBytes) {
      scan.problems.add(
          0,
          "it is truncated: " + scan.fileSize + " bytes (expected at least " + minFileBytes + ")");
    }
    scans.put(file, scan);
    List<String> ranges = new ArrayList<>();
    for (long[] r : scan.unreadableRanges()) {
      long a = rollCycle.toIndex(cycle, r[0]);
      long b = rollCycle.toIndex(cycle, r[1]);
      ranges.add(a == b ? Long.toString(a) : a + ".." + b);
    }
    long n = scan.records();
    return new CycleFileReport(
        file,
        cycle,
        n,
        scan.unreadable(),
        ranges,
        n == 0 ? -1 : rollCycle.toIndex(cycle, 0),
        n == 0 ? -1 : rollCycle.toIndex(cycle, n - 1),
        scan.problems,
        scan.countKnown);
  }

  /**
   * Scans {@code file}; when it looks damaged, scans again until two scans agree. A file another
   * process is appending to changes between scans (its end moves while it is walked): it is never
   * called damaged, and so never repaired under a live writer; the next open checks it again.
   */
  private CycleFileScan stableScan(Path file) throws IOException {
    CycleFileScan scan = CycleFileScan.scan(file, rollCycle.defaultIndexSpacing());
    for (int attempt = 0; !scan.problems.isEmpty() && attempt < LIVE_RETRIES; attempt++) {
      try {
        Thread.sleep(LIVE_PAUSE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      CycleFileScan again = CycleFileScan.scan(file, rollCycle.defaultIndexSpacing());
      boolean settled = again.dataEnd == scan.dataEnd && again.fileSize == scan.fileSize;
      scan = again;
      if (settled) {
        return scan; // the same bytes twice: the damage is real
      }
    }
    if (!scan.problems.isEmpty() && scan.dataEnd != CycleFileScan.scan(file, 1).dataEnd) {
      scan.problems.clear(); // still being written: not judged now
    }
    return scan;
  }

  static List<Path> cycleFiles(Path dir) {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> all =
        Files.newDirectoryStream(dir, "*" + SingleChronicleQueue.SUFFIX)) {
      all.forEach(files::add);
    } catch (IOException e) {
      throw new SpoolException("Cannot list the cycle files of spool " + dir + ": " + e, e);
    }
    Collections.sort(files);
    return files;
  }

  static RollingResourcesCache names(Path directory, RollCycle rollCycle) {
    File dir = directory.toFile();
    return new RollingResourcesCache(
        rollCycle,
        0,
        name -> new File(dir, name + SingleChronicleQueue.SUFFIX),
        file -> file.getName().replace(SingleChronicleQueue.SUFFIX, ""));
  }

  /**
   * The roll cycle the spool's files were written with: the one {@code metadata.cq4t} names (it
   * wins over the builder's in Chronicle too), else {@code fallback}.
   */
  static RollCycle detect(Path dir, RollCycle fallback) {
    String format = TableStoreCheck.rollFormat(dir);
    if (format == null || format.equals(fallback.format())) {
      return fallback;
    }
    List<RollCycle> all = new ArrayList<>();
    Collections.addAll(all, RollCycles.values());
    Collections.addAll(all, SparseRollCycles.values());
    Collections.addAll(all, LargeRollCycles.values());
    Collections.addAll(all, LegacyRollCycles.values());
    Collections.addAll(all, TestRollCycles.values());
    for (RollCycle c : all) {
      if (c.format().equals(format)) {
        return c;
      }
    }
    return fallback;
  }

  static long defaultBlockSize(Path dir) {
    return SingleChronicleQueueBuilder.single(dir.toFile()).blockSize();
  }
}
