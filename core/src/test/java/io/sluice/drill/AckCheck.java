package io.sluice.drill;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the rows PostgreSQL holds against the crash drill's {@link AckLog}s, one row at a time
 * (the heap holds the acks and a bit per stored row, not the rows). Per run and writer thread:
 *
 * <ul>
 *   <li>every acknowledged append is stored, with the id append returned;
 *   <li>the stored sequence numbers are 0..n-1 or 0..n for n acknowledged: no gap, and at most the
 *       one append that returned just before the kill, before its ack was written.
 * </ul>
 */
final class AckCheck {
  private static final Pattern TRACE_ID = Pattern.compile("drill-r(\\d+)-t(\\d+)-(\\d+)");
  private static final int MAX_REPORTED = 20;

  /** One writer thread of one run. */
  private record Stream(int run, int thread, List<AckLog.Ack> acked, BitSet stored) {}

  private final int runs;
  private final int threads;
  private final Stream[] streams;
  private final List<String> problems = new ArrayList<>();
  private long acknowledged;
  private long unacknowledgedStored;

  AckCheck(Path ackDir, int runs, int threads) {
    this.runs = runs;
    this.threads = threads;
    this.streams = new Stream[runs * threads];
    for (int run = 0; run < runs; run++) {
      for (int t = 0; t < threads; t++) {
        List<AckLog.Ack> acked = AckLog.read(AckLog.file(ackDir, run, t));
        for (int i = 0; i < acked.size(); i++) {
          if (acked.get(i).seq() != i) {
            problem(
                "ack file of run "
                    + run
                    + " thread "
                    + t
                    + " has seq "
                    + acked.get(i).seq()
                    + " at "
                    + i);
          }
        }
        acknowledged += acked.size();
        streams[run * threads + t] = new Stream(run, t, acked, new BitSet());
      }
    }
  }

  /** One stored row. */
  void stored(String traceId, UUID id) {
    Matcher m = TRACE_ID.matcher(traceId);
    int run = m.matches() ? Integer.parseInt(m.group(1)) : -1;
    int thread = m.matches() ? Integer.parseInt(m.group(2)) : -1;
    if (run < 0 || run >= runs || thread >= threads) {
      problem("unexpected trace id " + traceId);
      return;
    }
    Stream s = streams[run * threads + thread];
    int seq = Integer.parseInt(m.group(3));
    if (s.stored().get(seq)) {
      problem(traceId + " stored twice");
    }
    s.stored().set(seq);
    if (seq < s.acked().size() && !s.acked().get(seq).id().equals(id)) {
      problem(traceId + " stored with id " + id + ", append returned " + s.acked().get(seq).id());
    }
  }

  /** Call after the last row: checks each stream for missing and extra sequence numbers. */
  void finish() {
    for (Stream s : streams) {
      int n = s.acked().size();
      BitSet stored = s.stored();
      int missing = n - stored.get(0, n).cardinality();
      int beyond = stored.cardinality() - (n - missing);
      if (missing > 0) {
        problem(
            "run "
                + s.run()
                + " thread "
                + s.thread()
                + ": "
                + missing
                + " of "
                + n
                + " acknowledged appends not stored, first seq "
                + stored.nextClearBit(0));
      }
      if (beyond > 1 || (beyond == 1 && !stored.get(n))) {
        problem(
            "run "
                + s.run()
                + " thread "
                + s.thread()
                + ": stored "
                + beyond
                + " sequence numbers beyond the "
                + n
                + " acknowledged, up to "
                + (stored.length() - 1));
      }
      unacknowledgedStored += beyond;
    }
  }

  private void problem(String what) {
    if (problems.size() < MAX_REPORTED) {
      problems.add(what);
    }
  }

  /** The first problems found (at most 20); empty when the rows match the acks. */
  List<String> problems() {
    return problems;
  }

  long acknowledged() {
    return acknowledged;
  }

  /** Rows whose append returned but whose ack the kill prevented (at most one per stream). */
  long unacknowledgedStored() {
    return unacknowledgedStored;
  }
}
