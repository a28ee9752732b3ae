package io.sluice.spool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The spool's record of what damage cost: {@code unreadable-records.txt}, one line per range of
 * records a repair could not read. Kept beside the cycle files (not in {@code quarantine/}, which
 * an operator may delete) because the accounting needs it: those records were appended, so they
 * stay counted, as unreadable.
 *
 * <pre>
 * line: first-index last-index count cycle-file quarantined-as repaired-at
 * e.g.  7731924402176 7731924402191 16 20261130-06F.cq4 quarantine/20261130-06F.cq4 2026-11-30T06:40:00Z
 * first line: "# sluice unreadable records v1"; readers skip lines starting with '#'
 * </pre>
 */
final class UnreadableRecords {
  static final String FILE_NAME = "unreadable-records.txt";
  private static final String HEADER = "# sluice unreadable records v1";

  /** A range of unreadable records, all in one cycle file (so their indexes are contiguous). */
  record Range(long first, long last, String file, String quarantinedAs) {
    long count() {
      return last - first + 1;
    }
  }

  private UnreadableRecords() {}

  static List<Range> read(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    List<Range> ranges = new ArrayList<>();
    if (!Files.exists(file)) {
      return ranges;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] f = line.trim().split("\\s+");
        if (line.startsWith("#") || f.length < 5) {
          continue;
        }
        ranges.add(new Range(Long.parseLong(f[0]), Long.parseLong(f[1]), f[3], f[4]));
      }
    } catch (IOException | NumberFormatException e) {
      throw new SpoolCorruptedException(
          "Cannot read " + file + ": " + e + ". Restore it from its copy in quarantine/, if any.",
          e);
    }
    return ranges;
  }

  static void append(Path dir, List<Range> ranges) throws IOException {
    if (ranges.isEmpty()) {
      return;
    }
    Path file = dir.resolve(FILE_NAME);
    StringBuilder out = new StringBuilder();
    if (!Files.exists(file)) {
      out.append(HEADER).append('\n');
    }
    String now = Instant.now().toString();
    for (Range r : ranges) {
      out.append(r.first()).append(' ').append(r.last()).append(' ').append(r.count());
      out.append(' ').append(r.file()).append(' ').append(r.quarantinedAs());
      out.append(' ').append(now).append('\n');
    }
    Files.writeString(
        file,
        out,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND,
        StandardOpenOption.SYNC);
  }

  static long count(List<Range> ranges) {
    long n = 0;
    for (Range r : ranges) {
      n += r.count();
    }
    return n;
  }

  /** Unreadable records with an index above {@code index}. */
  static long after(List<Range> ranges, long index) {
    long n = 0;
    for (Range r : ranges) {
      if (r.first() > index) {
        n += r.count();
      } else if (r.last() > index) {
        n += r.last() - index;
      }
    }
    return n;
  }
}
