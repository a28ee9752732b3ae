package io.sluice.spool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A second reading of a damaged stretch between two anchors, for the commonest damage of all: one
 * record header whose length is wrong (a flipped bit). The forward walk then jumps over good
 * records and the usual search, which starts where the walk stopped, never sees them.
 *
 * <p>When the count of records between the anchors is known, the stretch is explained as: the first
 * {@code k} records of the forward walk, one unreadable record (the one whose header is wrong),
 * then a chain of headers that lands exactly on the next anchor with exactly the records left. The
 * largest such {@code k} wins. A chain through payload bytes rarely lands on the anchor with the
 * exact count, and a wrong pick costs nothing silent: its records fail their CRC-32C and become
 * {@code DAMAGED} dead letters, still counted.
 */
final class SingleLossResync {
  /** The records found: before the lost one, and after it. */
  record Split(List<Long> front, List<Long> back) {}

  private final CycleFileScan scan;

  SingleLossResync(CycleFileScan scan) {
    this.scan = scan;
  }

  /**
   * The explanation with exactly one unreadable record, or {@code null} when there is none.
   *
   * @param forward the forward walk from the first anchor
   * @param start the first anchor's offset
   * @param limit where the search ends (the next anchor, or the end of the data)
   * @param to the next anchor, or -1 for the end of the data
   * @param expected how many records lie between the anchors
   */
  Split find(Walk forward, long start, long limit, long to, long expected) throws IOException {
    int slots = (int) ((limit - start) / 4) + 1;
    int[] count = counts(start, limit, to, slots);
    for (int k = Math.min(forward.docs.size(), (int) expected) - 1; k >= 0; k--) {
      long pk = forward.docs.get(k);
      long need = expected - k - 1;
      if (pk < 0 || need <= 0) {
        continue;
      }
      for (int i = (int) ((pk - start) / 4) + 1; i < slots; i++) {
        if (count[i] == need) {
          List<Long> back = chain(start + 4L * i, to);
          if (back.size() == need) {
            return new Split(new ArrayList<>(forward.docs.subList(0, k)), back);
          }
        }
      }
    }
    return null;
  }

  /** count[i]: records on the chain from {@code start + 4i} to the target, -1 when it misses. */
  private int[] counts(long start, long limit, long to, int slots) throws IOException {
    int[] count = new int[slots];
    for (int i = slots - 1; i >= 0; i--) {
      long p = start + 4L * i;
      long n = scan.next(p);
      int self = scan.isIndexDoc(p) ? 0 : 1;
      if (n <= 0) {
        count[i] = -1;
      } else if (scan.terminal(n, to)) {
        count[i] = self;
      } else if (n < limit && count[(int) ((n - start) / 4)] >= 0) {
        count[i] = count[(int) ((n - start) / 4)] + self;
      } else {
        count[i] = -1;
      }
    }
    return count;
  }

  private List<Long> chain(long from, long to) throws IOException {
    List<Long> docs = new ArrayList<>();
    for (long p = from; !scan.terminal(p, to); p = scan.next(p)) {
      if (!scan.isIndexDoc(p)) {
        docs.add((scan.headerIsMeta(p)) ? -p : p);
      }
    }
    return docs;
  }
}
