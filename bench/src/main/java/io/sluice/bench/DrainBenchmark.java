package io.sluice.bench;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.sluice.Sluice;
import io.sluice.model.Event;
import io.sluice.model.EventKind;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SpooledEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End to end: 1,000,000 events into PostgreSQL, timed as one shot (seconds per million events;
 * committed events/s = 1,000,000 / score, also printed per invocation), against the COPY ceiling in
 * the same JMH run.
 *
 * <p><b>Paths</b> ({@code @Param path}):
 *
 * <ul>
 *   <li>{@code sluice}: a running Sluice (drainer connected and idle, untimed); timed: append the
 *       1M events from one thread, then {@code awaitDrained}. Appending and draining overlap, as in
 *       production; the clock stops when the checkpoint covers the last event.
 *   <li>{@code sluiceDrainOnly}: the 1M events are already in the spool (appended and fsynced,
 *       untimed); timed: {@code Sluice.start} (pool, connect, checkpoint read), then {@code
 *       awaitDrained}.
 *   <li>{@code insertBaseline}: the alternative sink, {@link InsertBaseline} (JDBC batch INSERTs
 *       with {@code reWriteBatchedInserts}), same rows, batches and transactions as COPY; trace
 *       events only.
 *   <li>{@code copyBaseline}: the ceiling; the same events, with UUIDv7 ids made beforehand, loaded
 *       by {@link CopyBaseline}: Sluice's COPY row encoder ({@code BulkLoad}) and pgjdbc's COPY
 *       API, batches of {@code maxBatchEvents} rows, one transaction each.
 *   <li>{@code copy4Streams}: the same rows by one COPY stream per event kind at once (four
 *       connections for the realistic mix), each as {@code copyBaseline}: the ceiling of several
 *       streams, which one drainer does not reach by design.
 * </ul>
 *
 * <p><b>Fair ground.</b> All paths write the same tables, made by {@code SluiceDatabase.prepare},
 * with their day partitions existing; before each invocation the tables are truncated and the
 * server CHECKPOINTs; batch size is Sluice's default {@code maxBatchEvents} (10,000) for both.
 * After each invocation the rows are counted (untimed) and the run fails unless there are exactly
 * 1,000,000. The events ({@link Workload}, {@code @Param kinds}: the {@code realistic} mix of
 * {@code sluice load}, by default; {@code trace} only; {@code mixed}; or {@code metrics} only) are
 * built once per trial. PostgreSQL: embedded (with {@code synchronous_commit=on}) or {@code
 * SLUICE_BENCH_JDBC_URL}; see {@link BenchDatabase}.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar DrainBenchmark -f 1 -wi 1 -i 3
 * java -jar bench/target/benchmarks.jar DrainBenchmark -f 1 -wi 1 -i 3 -p kinds=trace
 * java -jar bench/target/benchmarks.jar DrainBenchmark -f 1 -wi 0 -i 1 -p events=20000  # a try-out
 * java -jar bench/target/benchmarks.jar DrainBenchmark -p path=sluiceDrainOnly \
 *     -p kinds=mixed,metrics -p rollups=on,off          # what the metric rollups cost
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class DrainBenchmark {
  static final int BATCH_EVENTS = SluiceConfig.DEFAULT_MAX_BATCH_EVENTS;
  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);

  @Param({"sluice", "sluiceDrainOnly", "copyBaseline", "copy4Streams", "insertBaseline"})
  public String path;

  @Param({"realistic"})
  public String kinds;

  /**
   * {@code on}: the drainer keeps the per-minute metric rollups (as Sluice does); {@code off}: it
   * does not ({@code -Dsluice.bench.metricRollups=off}), to measure what they cost.
   */
  @Param({"on"})
  public String rollups;

  /**
   * Drain lanes of the Sluice paths ({@code SLUICE_DRAIN_LANES}; issue 12 item 1): e.g. {@code -p
   * lanes=1,2,4} against {@code copyBaseline} and {@code copy4Streams} in one run. Default 4, the
   * product's default. The COPY paths ignore it.
   */
  @Param({"4"})
  public int lanes;

  /** Events per invocation; smaller only to try the benchmark out quickly. */
  @Param({"1000000"})
  public int events;

  private BenchDatabase db;
  private Event[] workload;
  private Path spool;
  private Sluice sluice;
  private Connection connection;
  private List<SpooledEvent> rows;
  private long startNanos;
  private long appendedNanos;
  private long doneNanos;
  private long startCpuNanos;
  private long doneCpuNanos;
  private String loadBefore;

  @Setup(Level.Trial)
  public void startDatabase() throws Exception {
    System.setProperty("sluice.bench.metricRollups", rollups);
    db = BenchDatabase.create();
    workload = Workload.build(kinds, events);
    System.out.println(
        "PostgreSQL "
            + db.serverVersion()
            + "; "
            + events
            + " "
            + kinds
            + " events; batches of "
            + BATCH_EVENTS);
  }

  @TearDown(Level.Trial)
  public void stopDatabase() throws Exception {
    db.close();
  }

  @Setup(Level.Invocation)
  public void prepare() throws Exception {
    db.reset();
    spool = SpoolDirs.fresh("sluice-drain-");
    switch (path) {
      case "sluice" -> {
        sluice = Sluice.start(config(true));
        if (!sluice.awaitDrained(Duration.ofMinutes(1))) { // true once the drainer is connected
          throw new IllegalStateException("Sluice did not connect: " + sluice.status().lastError());
        }
      }
      case "sluiceDrainOnly" -> {
        try (Sluice writer = Sluice.start(config(false))) {
          for (Event e : workload) {
            writer.append(e);
          }
        }
        SpoolDirs.sync(spool); // a real backlog reached the disk long ago; don't time writeback
      }
      case "copyBaseline", "copy4Streams", "insertBaseline" -> {
        TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();
        rows = new ArrayList<>(events);
        for (Event e : workload) {
          rows.add(new SpooledEvent(ids.generate(), e));
        }
        connection = path.equals("insertBaseline") ? db.connectRewritingBatches() : db.connect();
      }
      default ->
          throw new IllegalArgumentException(
              "path is \""
                  + path
                  + "\" (expected sluice, sluiceDrainOnly, copyBaseline, copy4Streams or"
                  + " insertBaseline)");
    }
  }

  @Benchmark
  public long load() throws Exception {
    loadBefore = loadAverage();
    startCpuNanos = processCpuNanos();
    startNanos = System.nanoTime();
    long result =
        switch (path) {
          case "sluice" -> {
            for (Event e : workload) {
              sluice.append(e);
            }
            appendedNanos = System.nanoTime();
            yield awaitDrained();
          }
          case "sluiceDrainOnly" -> {
            sluice = Sluice.start(config(true));
            yield awaitDrained();
          }
          case "insertBaseline" -> new InsertBaseline(BATCH_EVENTS).load(connection, rows);
          case "copy4Streams" ->
              new CopyBaseline(BATCH_EVENTS).loadByKindConcurrently(db::connect, rows);
          default -> new CopyBaseline(BATCH_EVENTS).load(connection, rows);
        };
    doneNanos = System.nanoTime();
    doneCpuNanos = processCpuNanos();
    return result;
  }

  private long awaitDrained() {
    if (!sluice.awaitDrained(DRAIN_TIMEOUT)) {
      throw new IllegalStateException(
          "Not drained within " + DRAIN_TIMEOUT + ": " + sluice.status().lastError());
    }
    return events;
  }

  @TearDown(Level.Invocation)
  public void verifyAndClean() throws Exception {
    try {
      if (sluice != null) {
        sluice.close();
      }
      if (connection != null) {
        connection.close();
      }
      long committed = 0;
      for (EventKind k : EventKind.values()) {
        committed += db.count(k);
      }
      if (committed != events) {
        throw new IllegalStateException(
            "Rows in PostgreSQL after path "
                + path
                + ": "
                + committed
                + " (expected "
                + events
                + ").");
      }
      report();
    } finally {
      sluice = null;
      connection = null;
      rows = null;
      SpoolDirs.delete(spool);
    }
  }

  private void report() {
    double seconds = (doneNanos - startNanos) / 1e9;
    String line =
        String.format(
            Locale.ROOT,
            "%n[%s/%s] %,d rows in %.2f s = %,.0f events/s",
            path,
            kinds,
            events,
            seconds,
            events / seconds);
    if (path.equals("sluice")) {
      line +=
          String.format(
              Locale.ROOT, " (appends returned after %.2f s)", (appendedNanos - startNanos) / 1e9);
    }
    line +=
        String.format(
            Locale.ROOT,
            "; this JVM's CPU %.2f s (%.2f us an event)",
            (doneCpuNanos - startCpuNanos) / 1e9,
            (doneCpuNanos - startCpuNanos) / 1e3 / events);
    System.out.println(line + "; load average " + loadBefore + " -> " + loadAverage());
  }

  /**
   * CPU time of this JVM (all its threads; PostgreSQL runs in its own processes): on a shared
   * machine, what Sluice's Java costs per event, which the wall clock hides under other load.
   */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The 1-minute load average, to tell a slow run from a busy machine (2 shared cores here). */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private SluiceConfig config(boolean drain) {
    return SluiceConfig.builder()
        .instanceName("bench")
        .spoolDirectory(spool)
        .database(db.config())
        .drainEnabled(drain)
        .applySchema(false) // applied once per trial; Flyway's check is not what we measure
        .maxBatchEvents(BATCH_EVENTS)
        .drainLanes(lanes)
        .build();
  }
}
