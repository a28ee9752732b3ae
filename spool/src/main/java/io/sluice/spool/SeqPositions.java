package io.sluice.spool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The header offset of each record of a cycle file by sequence, -1 for an unreadable one. */
final class SeqPositions {
  private long[] positions = new long[64];
  private int records;

  int records() {
    return records;
  }

  /** Offset of the header of record {@code seq}, or -1 when it cannot be read. */
  long position(int seq) {
    return positions[seq];
  }

  long unreadable() {
    return unreadableRanges().stream().mapToLong(r -> r[1] - r[0] + 1).sum();
  }

  /** Unreadable sequences as [first, last] pairs, in order. */
  List<long[]> unreadableRanges() {
    List<long[]> ranges = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      if (positions[i] < 0) {
        int j = i;
        while (j + 1 < records && positions[j + 1] < 0) {
          j++;
        }
        ranges.add(new long[] {i, j});
        i = j;
      }
    }
    return ranges;
  }

  void add(java.nio.file.Path file, long seqFrom, List<Long> docs) {
    for (int i = 0; i < docs.size(); i++) {
      long p = docs.get(i);
      set(file, seqFrom + i, p < 0 ? -1 : p);
    }
  }

  void fill(java.nio.file.Path file, long fromSeq, long toSeq) {
    for (long s = fromSeq; s < toSeq; s++) {
      set(file, s, -1);
    }
  }

  private void set(java.nio.file.Path file, long seq, long pos) {
    if (seq >= Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("cycle file " + file + " holds too many records to scan");
    }
    int s = (int) seq;
    if (s >= positions.length) {
      int old = positions.length;
      positions = Arrays.copyOf(positions, Math.max(s + 1, old * 2));
      Arrays.fill(positions, old, positions.length, -1);
    }
    if (s >= records) {
      Arrays.fill(positions, records, s, -1);
      records = s + 1;
    }
    positions[s] = pos;
  }
}
