package io.sluice.bench;

import io.sluice.Sluice;
import io.sluice.model.Event;
import io.sluice.model.SluiceConfig;
import io.sluice.spool.SpoolConfig;
import io.sluice.spool.SyncPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What each spool sync policy costs an appending thread: {@code NONE} (page cache only), {@code
 * INTERVAL} (a background fdatasync every second, plus one on every 1,000th append in the {@code
 * INTERVAL_1000} case) and {@code EVERY} (an msync before each append returns). One thread, the
 * same small trace events as {@link AppendBenchmark}, draining off, a fresh spool per iteration.
 * The README's table of what each policy survives comes from these numbers.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar SyncPolicyBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Threads(1)
public class SyncPolicyBenchmark {
  private static final int DISTINCT_EVENTS = 4096;

  @Param({"NONE", "INTERVAL", "INTERVAL_1000", "EVERY"})
  public String policy;

  private Event[] events;
  private Path spool;
  private Sluice sluice;
  private int next;

  @Setup(Level.Trial)
  public void buildEvents() {
    events = Workload.build("trace", DISTINCT_EVENTS);
  }

  @Setup(Level.Iteration)
  public void openSpool() {
    spool = SpoolDirs.fresh("sluice-sync-");
    SpoolConfig.Builder spoolConfig = SpoolConfig.builder(spool);
    switch (policy) {
      case "NONE" -> spoolConfig.syncPolicy(SyncPolicy.NONE);
      case "INTERVAL" ->
          spoolConfig.syncPolicy(SyncPolicy.INTERVAL).syncInterval(Duration.ofSeconds(1));
      case "INTERVAL_1000" ->
          spoolConfig
              .syncPolicy(SyncPolicy.INTERVAL)
              .syncInterval(Duration.ofSeconds(1))
              .syncEveryEvents(1000);
      case "EVERY" -> spoolConfig.syncPolicy(SyncPolicy.EVERY);
      default -> throw new IllegalArgumentException("policy " + policy);
    }
    sluice =
        Sluice.start(SluiceConfig.builder().spool(spoolConfig.build()).drainEnabled(false).build());
  }

  @TearDown(Level.Iteration)
  public void deleteSpool() {
    sluice.close();
    SpoolDirs.delete(spool);
  }

  @Benchmark
  public UUID append() {
    return sluice.append(events[next++ & (DISTINCT_EVENTS - 1)]);
  }
}
