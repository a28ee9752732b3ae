package io.sluice.bench;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.sluice.internal.db.MetricRollups;
import io.sluice.internal.db.RollupTier;
import io.sluice.model.Event;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.SpooledEvent;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the metric rollups add to a drained batch, measured on a busy machine: batches of {@code
 * maxBatchEvents} (10,000) events, each committed in its own transaction as the drainer does, in
 * turn as binary COPY alone ({@link CopyBaseline}), as the same COPY plus the per-minute rollups of
 * its metric rows only (V7's tier, before V10), and as the COPY plus the rollups of every tier
 * ({@link MetricRollups}, written as {@code BatchWriter} writes them), in ABCCBA order so that a
 * change of load hits all alike. Prints the median batch time of each and their ratios, per
 * workload ({@code mixed}: 10 % metrics, one name x 4 components; {@code metrics}: 100 % metrics,
 * 20 names x 5 components).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.sluice.bench.RollupCost [batches per mode, default 30]
 * </pre>
 */
public final class RollupCost {
  private static final int BATCH = DrainBenchmark.BATCH_EVENTS;

  private RollupCost() {}

  public static void main(String[] args) throws Exception {
    int perMode = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    try (BenchDatabase db = BenchDatabase.create();
        Connection c = db.connect()) {
      System.out.println("PostgreSQL " + db.serverVersion() + "; batches of " + BATCH);
      for (String kinds : new String[] {"mixed", "metrics"}) {
        measure(c, kinds, perMode);
      }
    }
  }

  private static void measure(Connection c, String kinds, int perMode) throws Exception {
    Event[] events = Workload.build(kinds, BATCH * perMode * 3);
    TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();
    List<SpooledEvent> rows = new ArrayList<>(events.length);
    for (Event e : events) {
      rows.add(new SpooledEvent(ids.generate(), e));
    }
    c.setAutoCommit(false);
    long[] copyOnly = new long[perMode];
    long[] withMinutes = new long[perMode];
    long[] withRollups = new long[perMode];
    long[] minutesAlone = new long[perMode];
    long[] rollupsAlone = new long[perMode];
    int rollupRows = 0;
    int[] order = {0, 1, 2, 2, 1, 0}; // A B C C B A
    int[] done = new int[3];
    for (int i = 0; i < perMode * 3; i++) {
      List<SpooledEvent> batch = rows.subList(i * BATCH, (i + 1) * BATCH);
      int mode = order[i % order.length];
      int k = done[mode]++;
      long start = System.nanoTime();
      CopyBaseline copy = new CopyBaseline(BATCH);
      if (mode > 0) {
        copy.copy(c, batch);
        long copied = System.nanoTime();
        MetricRollups r = mode == 1 ? new MetricRollups(RollupTier.MINUTE) : new MetricRollups();
        for (SpooledEvent e : batch) {
          if (e.event() instanceof PerformanceMetric m) {
            r.add(
                SpooledEvent.recordedAtMillis(e.id()),
                m.metricName(),
                m.component(),
                m.metricValue());
          }
        }
        rollupRows += mode == 2 ? r.size() : 0;
        r.write(c);
        (mode == 1 ? minutesAlone : rollupsAlone)[k] = System.nanoTime() - copied;
        c.commit();
        (mode == 1 ? withMinutes : withRollups)[k] = System.nanoTime() - start;
      } else {
        copy.load(c, batch);
        copyOnly[k] = System.nanoTime() - start;
      }
    }
    c.setAutoCommit(true);
    double a = median(copyOnly) / 1e6;
    double m = median(withMinutes) / 1e6;
    double b = median(withRollups) / 1e6;
    System.out.printf(
        Locale.ROOT,
        "%s: median batch %.1f ms COPY alone, %.1f ms COPY + minute rollups = %.3f x, %.1f ms"
            + " COPY + all tiers (%d rollup rows per batch) = %.3f x; the rollups alone (add +"
            + " write, before the commit): minutes %.2f ms, all tiers %.2f ms%n",
        kinds,
        a,
        m,
        m / a,
        b,
        rollupRows / perMode,
        b / a,
        median(minutesAlone) / 1e6,
        median(rollupsAlone) / 1e6);
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }
}
