package io.sluice.bench;

import io.sluice.Sluice;
import io.sluice.model.Event;
import io.sluice.model.SluiceConfig;
import io.sluice.model.TraceEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Sluice#append} through the public API, with draining off: what an application thread pays
 * per event (UUIDv7 id, encoding with CRC32C, Chronicle append to the memory-mapped spool).
 *
 * <p><b>Workload.</b> Small trace events ({@link Workload}: about 150 bytes encoded, a short
 * metadata JSON), 4,096 distinct ones built before the run and cycled; so the event's constructor
 * (which validates it, JSON included) is <i>not</i> timed, except in {@link #buildAndAppend}, which
 * builds a new event per call as an application would. Each iteration gets a fresh spool folder,
 * deleted after it (at ~1M events/s the spool grows ~150 MB/s).
 *
 * <p><b>Threads.</b> One method per thread count ({@code @Threads} 1, 2, 4), all appending to one
 * Sluice. Do not pass {@code -t}: it would override all three. Modes: throughput (ops/µs = millions
 * of events/s) and sample time (µs per append; JMH prints p50, p99, p99.9).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar AppendBenchmark -f 1 -wi 5 -i 3 -w 2s -r 3s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 3, time = 3)
public class AppendBenchmark {
  private static final int DISTINCT_EVENTS = 4096; // a power of two: the index is masked

  private Event[] events;
  private Path spool;
  private Sluice sluice;

  /** Each thread's position in the event array. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    @Setup(Level.Trial)
    public void start() {
      next = (int) (Thread.currentThread().getId() * 1031);
    }

    int advance() {
      return next++ & (DISTINCT_EVENTS - 1);
    }
  }

  @Setup(Level.Trial)
  public void buildEvents() {
    events = Workload.build("trace", DISTINCT_EVENTS);
  }

  @Setup(Level.Iteration)
  public void openSpool() {
    spool = SpoolDirs.fresh("sluice-append-");
    sluice = Sluice.start(SluiceConfig.builder().spoolDirectory(spool).drainEnabled(false).build());
  }

  @TearDown(Level.Iteration)
  public void deleteSpool() {
    sluice.close();
    SpoolDirs.delete(spool);
  }

  @Benchmark
  @Threads(1)
  public UUID append1Thread(Cursor cursor) {
    return sluice.append(events[cursor.advance()]);
  }

  @Benchmark
  @Threads(2)
  public UUID append2Threads(Cursor cursor) {
    return sluice.append(events[cursor.advance()]);
  }

  @Benchmark
  @Threads(4)
  public UUID append4Threads(Cursor cursor) {
    return sluice.append(events[cursor.advance()]);
  }

  /** One thread; builds (and so validates) a new event per call, then appends it. */
  @Benchmark
  @Threads(1)
  public UUID buildAndAppend(Cursor cursor) {
    TraceEvent template = (TraceEvent) events[cursor.advance()];
    return sluice.append(
        TraceEvent.builder()
            .traceId(template.traceId())
            .eventType(template.eventType())
            .level(template.level())
            .message(template.message())
            .agentName(template.agentName())
            .taskId(template.taskId())
            .metadata(template.metadata())
            .occurredAt(Instant.now())
            .build());
  }
}
