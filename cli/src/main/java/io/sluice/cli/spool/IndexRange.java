package io.sluice.cli.spool;

import io.sluice.spool.SpoolCycle;
import java.util.List;

/** Counting records in an index range from the cycle files' ranges, without reading records. */
final class IndexRange {
  private IndexRange() {}

  /** Records with {@code from <= index <= to} (indexes are contiguous within one cycle file). */
  static long count(List<SpoolCycle> cycles, long from, long to) {
    long n = 0;
    for (SpoolCycle c : cycles) {
      if (c.records() == 0) {
        continue;
      }
      long lo = Math.max(from, c.firstIndex());
      long hi = Math.min(to, c.lastIndex());
      if (lo <= hi) {
        n += hi - lo + 1;
      }
    }
    return n;
  }

  /** The newest record's index, or -1 when there is none. */
  static long last(List<SpoolCycle> cycles) {
    for (int i = cycles.size() - 1; i >= 0; i--) {
      if (cycles.get(i).records() > 0) {
        return cycles.get(i).lastIndex();
      }
    }
    return -1;
  }

  /** The oldest record's index, or -1 when there is none. */
  static long first(List<SpoolCycle> cycles) {
    for (SpoolCycle c : cycles) {
      if (c.records() > 0) {
        return c.firstIndex();
      }
    }
    return -1;
  }
}
