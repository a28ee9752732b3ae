package io.sluice.spool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.queue.RollCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a damaged spool whole again, keeping every record that can be read (in the spirit of
 * Logstash's {@code pqrepair}). A writable {@link Spool#open} runs it by itself; {@code sluice
 * repair} runs it on demand, as a dry run unless told to act.
 *
 * <ul>
 *   <li>A damaged cycle file is rebuilt ({@link CycleFileRebuild}): its readable records keep their
 *       indexes, each unreadable one becomes a marker record ({@link SpoolRecord#unreadable()}),
 *       counted in {@code unreadable-records.txt} ({@link UnreadableRecords}); the damaged original
 *       moves to {@code quarantine/}. So nothing appended is ever forgotten: it is delivered, or
 *       counted as unreadable.
 *   <li>A damaged {@code metadata.cq4t} moves to {@code quarantine/}; Chronicle makes a new one on
 *       open, listing the cycle files anew. Sluice's own counters in it (dropped and deleted
 *       records) are recovered from the damaged copy where readable; what is not is reported.
 * </ul>
 *
 * <p>Only safe while no other process has the spool open: a process holding a file mapped would
 * keep writing into the quarantined copy. {@code sluice repair} checks for live processes.
 */
public final class SpoolRepair {
  private static final Logger log = LoggerFactory.getLogger(SpoolRepair.class);

  private final SpoolVerification verification;
  private final List<String> actions = new ArrayList<>();
  private final java.util.Map<String, Long> salvagedCounters = new java.util.LinkedHashMap<>();
  private long recordsKept;
  private long recordsLost;
  private boolean countUnknown;

  private SpoolRepair(SpoolVerification verification) {
    this.verification = verification;
  }

  /** What a repair of the spool in {@code directory} would do; changes nothing. */
  public static SpoolRepair plan(Path directory) {
    SpoolRepair r = new SpoolRepair(SpoolVerification.of(directory));
    r.run(false);
    return r;
  }

  /** Repairs the spool in {@code directory} and reports what it did. */
  public static SpoolRepair apply(Path directory) {
    SpoolRepair r = new SpoolRepair(SpoolVerification.of(directory));
    r.run(true);
    return r;
  }

  /** The repair a writable open does; refuses instead when {@code strict}. */
  static SpoolRepair beforeWritableOpen(Path dir, SpoolMetadata metadata, SpoolConfig config) {
    RollCycle rollCycle = ChronicleSettings.rollCycleOf(metadata, config);
    boolean strict = config.refuseTruncatedFiles();
    try {
      CycleFileRebuild.finishInterrupted(dir);
    } catch (IOException e) {
      throw new SpoolException("Cannot finish an interrupted repair of spool " + dir + ": " + e, e);
    }
    SpoolVerification v = SpoolVerification.of(dir, SpoolVerification.detect(dir, rollCycle));
    SpoolRepair r = new SpoolRepair(v);
    if (!v.damaged()) {
      return r;
    }
    if (strict) {
      throw refusal(
          v,
          "Cannot open spool " + dir,
          "Strict mode: run `sluice repair --yes` to"
              + " rebuild it keeping every readable record, or restore the file");
    }
    r.run(true);
    return r;
  }

  /** Refuses to read a damaged spool, naming the first damaged file and what to do. */
  static void refuseForReading(Path dir, SpoolMetadata metadata) {
    RollCycle rollCycle = ChronicleSettings.rollCycleOf(metadata, null);
    SpoolVerification v = SpoolVerification.of(dir, SpoolVerification.detect(dir, rollCycle));
    if (v.damaged()) {
      throw refusal(
          v,
          "Cannot read spool " + dir,
          "Run `sluice repair` to see what a repair"
              + " keeps, then `sluice repair --yes` (or open it for writing, e.g. `sluice drain`,"
              + " which repairs it)");
    }
  }

  private static DamagedSpoolFileException refusal(SpoolVerification v, String what, String todo) {
    if (v.metadataProblem() != null) {
      return new DamagedSpoolFileException(
          what
              + ": Chronicle's table store "
              + v.metadataFile()
              + " is damaged ("
              + v.metadataProblem()
              + "). "
              + todo
              + ".",
          v.metadataFile());
    }
    CycleFileReport first = v.damagedFiles().get(0);
    String message = what + ": " + first.describe() + ". " + todo + ".";
    if (first.problems().get(0).startsWith("it is truncated")) {
      return new TruncatedCycleFileException(message, first.file());
    }
    return new DamagedSpoolFileException(message, first.file());
  }

  private void run(boolean act) {
    Path dir = verification.directory();
    String verb = act ? "" : "would ";
    if (verification.metadataProblem() != null) {
      Path file = verification.metadataFile();
      salvagedCounters.putAll(TableStoreCheck.salvage(file, Spool.DROPPED_KEY, Spool.DELETED_KEY));
      String did =
          verb
              + (act ? "moved " : "move ")
              + file
              + " to quarantine/ ("
              + verification.metadataProblem()
              + "); Chronicle makes a new one. Counters recovered: "
              + salvagedCounters
              + (salvagedCounters.size() < 2 ? " (the others are lost: 0)" : "");
      if (act) {
        try {
          CycleFileRebuild.quarantine(dir, file);
          DirectorySync.force(dir);
        } catch (IOException e) {
          throw new SpoolCorruptedException(
              "Cannot quarantine " + file + ": " + e + ". Move it away by hand.", e);
        }
        log.error(
            "Spool {}: Chronicle's table store {} is damaged ({}); {}",
            dir,
            file,
            verification.metadataProblem(),
            did);
      }
      actions.add(did);
    }
    List<CycleFileReport> files = verification.files();
    for (int i = 0; i < files.size(); i++) {
      CycleFileReport f = files.get(i);
      if (!f.damaged()) {
        recordsKept += f.records();
        continue;
      }
      recordsKept += f.records() - f.unreadable();
      recordsLost += f.unreadable();
      countUnknown |= !f.countKnown();
      CycleFileScan scan = verification.scan(f.file());
      String did;
      if (scan == null) {
        did =
            verb
                + (act ? "moved " : "move ")
                + f.file()
                + " to quarantine/ ("
                + String.join("; ", f.problems())
                + ")";
        if (act) {
          quarantineOnly(dir, f.file());
        }
      } else {
        did =
            verb
                + (act ? "rebuilt " : "rebuild ")
                + f.describe()
                + "; the original "
                + (act ? "is" : "would be")
                + " kept in quarantine/";
        if (act) {
          rebuild(dir, f, scan, i + 1 < files.size());
        }
      }
      if (act) {
        log.error("Spool {}: {}", dir, did);
      }
      actions.add(did);
    }
  }

  private void rebuild(Path dir, CycleFileReport f, CycleFileScan scan, boolean rolled) {
    try {
      Path quarantined =
          CycleFileRebuild.rebuild(dir, scan, f.cycle(), verification.rollCycle(), rolled);
      List<UnreadableRecords.Range> ranges = new ArrayList<>();
      RollCycle rc = verification.rollCycle();
      for (long[] r : scan.unreadableRanges()) {
        ranges.add(
            new UnreadableRecords.Range(
                rc.toIndex(f.cycle(), r[0]),
                rc.toIndex(f.cycle(), r[1]),
                f.file().getFileName().toString(),
                dir.relativize(quarantined).toString()));
      }
      UnreadableRecords.append(dir, ranges);
    } catch (IOException | RuntimeException e) {
      throw new SpoolCorruptedException(
          "Cannot repair "
              + f.describe()
              + ": "
              + e
              + ". Move the file out of the spool folder"
              + " by hand (its records are then lost) or restore it.",
          e);
    }
  }

  private static void quarantineOnly(Path dir, Path file) {
    try {
      CycleFileRebuild.quarantine(dir, file);
    } catch (IOException e) {
      throw new SpoolCorruptedException(
          "Cannot quarantine " + file + ": " + e + ". Move it away by hand.", e);
    }
  }

  /**
   * What the repair did (or, for a plan, would do), one line each; empty when nothing was wrong.
   */
  public List<String> actions() {
    return Collections.unmodifiableList(actions);
  }

  public SpoolVerification verification() {
    return verification;
  }

  /** Records kept readable in the spool's cycle files. */
  public long recordsKept() {
    return recordsKept;
  }

  /** Records this repair found unreadable (now markers, counted as unreadable). */
  public long recordsLost() {
    return recordsLost;
  }

  /** True when the damage hides how many more records were lost. */
  public boolean lossCountUnknown() {
    return countUnknown;
  }

  /** Puts the counters recovered from a damaged {@code metadata.cq4t} into the new one. */
  void restoreCounters(LongValue dropped, LongValue deleted) {
    if (salvagedCounters.isEmpty()) {
      return;
    }
    dropped.setOrderedValue(
        Math.max(salvagedCounters.getOrDefault(Spool.DROPPED_KEY, 0L), dropped.getVolatileValue()));
    deleted.setOrderedValue(
        Math.max(salvagedCounters.getOrDefault(Spool.DELETED_KEY, 0L), deleted.getVolatileValue()));
  }
}
