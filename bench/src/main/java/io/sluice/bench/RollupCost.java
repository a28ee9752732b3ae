package io.sluice.bench;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.sluice.BulkLoad;
import io.sluice.model.Event;
import io.sluice.model.SpooledEvent;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the metric rollups add to a drained batch, measured on a busy machine: batches of {@code
 * maxBatchEvents} (10,000) events, each committed in its own transaction as the drainer does,
 * alternately as binary COPY alone ({@link CopyBaseline}) and as the same COPY plus the rollups of
 * its metric rows ({@link BulkLoad#addRollups}, written as the drainer writes them), in ABBA order
 * so that a change of load hits both alike. Prints the median batch time of each and their ratio,
 * per workload ({@code mixed}: 10 % metrics, one name x 4 components; {@code metrics}: 100 %
 * metrics, 20 names x 5 components).
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
    Event[] events = Workload.build(kinds, BATCH * perMode * 2);
    TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();
    List<SpooledEvent> rows = new ArrayList<>(events.length);
    for (Event e : events) {
      rows.add(new SpooledEvent(ids.generate(), e));
    }
    c.setAutoCommit(false);
    long[] copyOnly = new long[perMode];
    long[] withRollups = new long[perMode];
    long[] rollupsAlone = new long[perMode];
    int rollupRows = 0;
    for (int i = 0; i < perMode * 2; i++) {
      List<SpooledEvent> batch = rows.subList(i * BATCH, (i + 1) * BATCH);
      boolean rollups = (i % 4 == 1) || (i % 4 == 2); // A B B A
      long start = System.nanoTime();
      CopyBaseline copy = new CopyBaseline(BATCH);
      if (rollups) {
        copy.copy(c, batch);
        long copied = System.nanoTime();
        rollupRows += BulkLoad.addRollups(c, batch);
        rollupsAlone[i / 2] = System.nanoTime() - copied;
        c.commit();
        withRollups[i / 2] = System.nanoTime() - start;
      } else {
        copy.load(c, batch);
        copyOnly[i / 2] = System.nanoTime() - start;
      }
    }
    c.setAutoCommit(true);
    double a = median(copyOnly) / 1e6;
    double b = median(withRollups) / 1e6;
    System.out.printf(
        Locale.ROOT,
        "%s: median batch %.1f ms COPY alone, %.1f ms COPY + rollups (%d rollup rows per batch)"
            + " = %.3f x, +%.1f %%; the rollups alone (add + write, before the commit) %.2f ms%n",
        kinds,
        a,
        b,
        rollupRows / perMode,
        b / a,
        (b / a - 1) * 100,
        median(rollupsAlone) / 1e6);
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }
}
