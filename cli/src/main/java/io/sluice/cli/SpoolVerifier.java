package io.sluice.cli;

import io.sluice.spool.Spool;
import io.sluice.spool.SpoolCycle;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads every record of every cycle file of a spool and decodes it (which checks its CRC-32C),
 * collecting per file what was read and what was wrong. Reads the files as they are when it
 * starts: records appended meanwhile are left for the next run.
 *
 * <p>Two kinds of problems: a <em>damaged</em> record was read but does not decode (checksum
 * mismatch, truncated fields, unknown version or kind); an <em>unreadable</em> record is counted
 * in the file's index but could not be read at all (a write that never completed, a file cut
 * short), so the reader stopped before it.
 */
final class SpoolVerifier {
  /** One damaged record: where it is and why it does not decode. */
  record Damage(long index, long offset, String error) {}

  /** What one cycle file holds. */
  static final class FileReport {
    final SpoolCycle cycle;
    long records;
    long firstIndex = -1;
    long lastIndex = -1;
    /** Records an earlier repair could not read: known losses, counted, not damage found now. */
    long lost;
    final List<Damage> damaged = new ArrayList<>();

    FileReport(SpoolCycle cycle) {
      this.cycle = cycle;
    }

    /** Records the file's index counts that the reader never reached. */
    long unreadable() {
      return Math.max(0, cycle.records() - records);
    }

    boolean clean() {
      return damaged.isEmpty() && unreadable() == 0;
    }
  }

  private SpoolVerifier() {}

  /**
   * @param progress told the records read so far
   */
  static List<FileReport> verify(Spool spool, List<SpoolCycle> cycles, Progress progress) {
    List<FileReport> files = new ArrayList<>();
    cycles.forEach(c -> files.add(new FileReport(c)));
    long end = IndexRange.last(cycles);
    int at = 0;
    long read = 0;
    try (EventScanner scanner = new EventScanner(spool)) {
      for (DecodedRecord r = scanner.next(); r != null && r.index() <= end; r = scanner.next()) {
        while (at < files.size() - 1 && r.index() > files.get(at).cycle.lastIndex()) {
          at++;
        }
        FileReport f = files.get(at);
        f.records++;
        if (f.firstIndex < 0) {
          f.firstIndex = r.index();
        }
        f.lastIndex = r.index();
        if (r.isLost()) {
          f.lost++;
        } else if (r.isDamaged()) {
          f.damaged.add(new Damage(r.index(), r.offset(), r.damage()));
        }
        progress.stepTo(++read);
      }
    }
    return files;
  }
}
