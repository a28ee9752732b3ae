package io.sluice.bench;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.sluice.Sluice;
import io.sluice.model.Event;
import io.sluice.model.EventKind;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SpooledEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * A fleet of spools sharing one database: aggregate committed events/s when 1, 2, 4 or 8 Sluice
 * instances (one spool each, one checkpoint row each) drain into one PostgreSQL at once, against
 * binary COPY of the same rows by 1 and 4 concurrent streams in the same JMH run. Timed as one shot
 * of {@code events} events in total (score: seconds; events/s printed per invocation).
 *
 * <p><b>Shapes</b> ({@code @Param shape}):
 *
 * <ul>
 *   <li>{@code spoolsN}: the events ({@link Workload} {@code mixed}: 7 traces, 1 routing decision,
 *       1 metric, 1 transformation in 10) are split into N equal parts, each appended to its own
 *       spool and fsynced (untimed); timed: N {@code Sluice.start} (each its own pool, lease and
 *       checkpoint row) and {@code awaitDrained} of all. The N drainers run in this JVM, each with
 *       its own threads and connections: what PostgreSQL sees is N independent drainers, as from N
 *       hosts; the client side shares this JVM's cores with the server here.
 *   <li>{@code copyN}: the same events with UUIDv7 ids made beforehand, split into N parts loaded
 *       at once by {@link CopyBaseline#loadConcurrently} (Sluice's {@code BulkLoad}, pgjdbc {@code
 *       CopyManager}, one transaction per batch): the ceiling for N writers.
 * </ul>
 *
 * <p>Same tables, partitions, batch size (Sluice's default {@code maxBatchEvents}) and reset
 * (truncate + CHECKPOINT before each invocation) as {@link DrainBenchmark}; after each invocation
 * the rows are counted and the run fails unless there are exactly {@code events}.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar FleetBenchmark -f 1 -wi 0 -i 2   # ~6-8 min on 2 busy cores
 * java -jar bench/target/benchmarks.jar FleetBenchmark -f 1 -wi 0 -i 1 -p events=40000  # try-out
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class FleetBenchmark {
  static final int BATCH_EVENTS = SluiceConfig.DEFAULT_MAX_BATCH_EVENTS;
  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);

  @Param({"spools1", "spools2", "spools4", "spools8", "copy1", "copy4"})
  public String shape;

  /** Events per invocation, all spools or streams together. */
  @Param({"200000"})
  public int events;

  private BenchDatabase db;
  private Event[] workload;
  private int width;
  private boolean copy;
  private final List<Path> spools = new ArrayList<>();
  private final List<Sluice> running = new ArrayList<>();
  private List<SpooledEvent> rows;
  private long startNanos;
  private long doneNanos;

  @Setup(Level.Trial)
  public void startDatabase() throws Exception {
    copy = shape.startsWith("copy");
    String n = shape.substring(copy ? 4 : 6);
    if (!shape.matches("(spools|copy)[1-9][0-9]?")) {
      throw new IllegalArgumentException(
          "shape is \"" + shape + "\" (expected spoolsN or copyN, e.g. spools4, copy1)");
    }
    width = Integer.parseInt(n);
    db = BenchDatabase.create();
    workload = Workload.build("mixed", events);
    System.out.println(
        "PostgreSQL " + db.serverVersion() + "; " + events + " mixed events; " + shape);
  }

  @TearDown(Level.Trial)
  public void stopDatabase() throws Exception {
    db.close();
  }

  @Setup(Level.Invocation)
  public void prepare() throws Exception {
    db.reset();
    if (copy) {
      TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();
      rows = new ArrayList<>(events);
      for (Event e : workload) {
        rows.add(new SpooledEvent(ids.generate(), e));
      }
      return;
    }
    int share = (events + width - 1) / width;
    for (int s = 0; s < width; s++) {
      Path spool = SpoolDirs.fresh("sluice-fleet-" + s + "-");
      spools.add(spool);
      try (Sluice writer = Sluice.start(config(spool, s, false))) {
        for (Event e :
            Arrays.copyOfRange(
                workload, Math.min(events, s * share), Math.min(events, (s + 1) * share))) {
          writer.append(e);
        }
      }
      SpoolDirs.sync(spool); // a real backlog reached the disk long ago; don't time writeback
    }
  }

  @Benchmark
  public long drain() throws Exception {
    startNanos = System.nanoTime();
    long result;
    if (copy) {
      result = CopyBaseline.loadConcurrently(db::connect, rows, width, BATCH_EVENTS);
    } else {
      for (int s = 0; s < width; s++) {
        running.add(Sluice.start(config(spools.get(s), s, true)));
      }
      for (Sluice sluice : running) {
        if (!sluice.awaitDrained(DRAIN_TIMEOUT)) {
          throw new IllegalStateException(
              "Not drained within " + DRAIN_TIMEOUT + ": " + sluice.status().lastError());
        }
      }
      result = events;
    }
    doneNanos = System.nanoTime();
    return result;
  }

  @TearDown(Level.Invocation)
  public void verifyAndClean() throws Exception {
    try {
      for (Sluice sluice : running) {
        sluice.close();
      }
      long committed = 0;
      for (EventKind k : EventKind.values()) {
        committed += db.count(k);
      }
      if (committed != events) {
        throw new IllegalStateException(
            "Rows in PostgreSQL after " + shape + ": " + committed + " (expected " + events + ").");
      }
      double seconds = (doneNanos - startNanos) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%n[%s] %,d rows in %.2f s = %,.0f events/s; load average %s%n",
          shape,
          events,
          seconds,
          events / seconds,
          loadAverage());
    } finally {
      running.clear();
      rows = null;
      for (Path spool : spools) {
        SpoolDirs.delete(spool);
      }
      spools.clear();
    }
  }

  /** The 1-minute load average, to tell a slow shot from a busy machine. */
  private static String loadAverage() {
    try {
      String avg = Files.readString(Path.of("/proc/loadavg"));
      int space = avg.indexOf(' ');
      return space < 0 ? "?" : avg.substring(0, space);
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  private SluiceConfig config(Path spool, int member, boolean drain) {
    return SluiceConfig.builder()
        .instanceName("fleet" + member)
        .spoolDirectory(spool)
        .database(db.config())
        .drainEnabled(drain)
        .applySchema(false) // applied once per trial; Flyway's check is not what we measure
        .maxBatchEvents(BATCH_EVENTS)
        .build();
  }
}
