package io.sluice.inspect;

import io.sluice.spool.Spool;
import io.sluice.spool.SpoolCycle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Reads every record of every cycle file of a spool and decodes it (which checks its CRC-32C),
 * collecting per file what was read and what was wrong. Reads the files as they are when it starts:
 * records appended meanwhile are left for the next run.
 *
 * <p>Two kinds of problems: a <em>damaged</em> record was read but does not decode (checksum
 * mismatch, truncated fields, unknown version or kind); an <em>unreadable</em> record is counted in
 * the file's index but could not be read at all (a write that never completed, a file cut short),
 * so the reader stopped before it.
 */
public final class SpoolVerifier {
  /**
   * One damaged record: where it is and why it does not decode.
   *
   * @param index its spool index
   * @param offset byte offset of its payload in its cycle file
   * @param error why it does not decode
   */
  public record Damage(long index, long offset, String error) {}

  /** What one cycle file holds. */
  public static final class FileReport {
    private final SpoolCycle cycle;
    private long records;
    private long firstIndex = -1;
    private long lastIndex = -1;

    /** Records an earlier repair could not read: known losses, counted, not damage found now. */
    private long lost;

    private final List<Damage> damaged = new ArrayList<>();

    FileReport(SpoolCycle cycle) {
      this.cycle = cycle;
    }

    public SpoolCycle cycle() {
      return cycle;
    }

    /** Records read. */
    public long records() {
      return records;
    }

    /** Index of the first record read, -1 when none. */
    public long firstIndex() {
      return firstIndex;
    }

    /** Index of the last record read, -1 when none. */
    public long lastIndex() {
      return lastIndex;
    }

    /** The records that were read but do not decode, in index order. */
    public List<Damage> damaged() {
      return Collections.unmodifiableList(damaged);
    }

    /** Records an earlier repair could not read (known losses, already counted as unreadable). */
    public long lost() {
      return lost;
    }

    /** Records the file's index counts that the reader never reached. */
    public long unreadable() {
      return Math.max(0, cycle.records() - records);
    }

    public boolean clean() {
      return damaged.isEmpty() && unreadable() == 0;
    }
  }

  private SpoolVerifier() {}

  /**
   * @param spool a spool, opened read-only or not
   * @param cycles its cycle files ({@link Spool#cycles()}), oldest first
   * @param progress told the records read so far
   */
  public static List<FileReport> verify(
      Spool spool, List<SpoolCycle> cycles, LongConsumer progress) {
    List<FileReport> files = new ArrayList<>();
    cycles.forEach(c -> files.add(new FileReport(c)));
    long end = lastIndex(cycles);
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
        progress.accept(++read);
      }
    }
    return files;
  }

  /** The newest record's index, or -1 when there is none. */
  private static long lastIndex(List<SpoolCycle> cycles) {
    for (int i = cycles.size() - 1; i >= 0; i--) {
      if (cycles.get(i).records() > 0) {
        return cycles.get(i).lastIndex();
      }
    }
    return -1;
  }
}
