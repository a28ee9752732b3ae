package io.sluice.bench;

import io.sluice.Sluice;
import io.sluice.model.Event;
import io.sluice.model.SluiceConfig;
import io.sluice.model.TraceEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * {@link AppendBenchmark}'s two one-thread methods timed by the appending thread's <i>CPU</i> time
 * as well as the wall clock: on a shared machine (other processes runnable on every core) the wall
 * clock measures the scheduler, while CPU time per append measures Sluice. Rounds alternate the two
 * methods; each round is {@code 2,000,000} calls after a warm-up of 5 such rounds each.
 *
 * <pre>
 * java $(cat bench/target/classes/io/sluice/bench/jvm.args) -cp bench/target/benchmarks.jar \
 *     io.sluice.bench.AppendCpuTime [rounds, default 5]
 * </pre>
 */
public final class AppendCpuTime {
  private static final int CALLS = 2_000_000;
  private static final int DISTINCT = 4096;

  private AppendCpuTime() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Event[] events = Workload.build("trace", DISTINCT);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int round = -5; round < rounds; round++) {
      for (boolean build : new boolean[] {false, true}) {
        Path spool = SpoolDirs.fresh("sluice-append-cpu-");
        try (Sluice sluice =
            Sluice.start(
                SluiceConfig.builder().spoolDirectory(spool).drainEnabled(false).build())) {
          long cpu = mx.getCurrentThreadCpuTime();
          long wall = System.nanoTime();
          long sink = build ? buildAndAppend(sluice, events) : append(sluice, events);
          wall = System.nanoTime() - wall;
          cpu = mx.getCurrentThreadCpuTime() - cpu;
          if (round >= 0) {
            System.out.printf(
                Locale.ROOT,
                "round %d  %-15s %,11.0f /s wall  %,11.0f /s of CPU  %.3f us CPU each  (%d)%n",
                round + 1,
                build ? "buildAndAppend" : "append1Thread",
                CALLS / (wall / 1e9),
                CALLS / (cpu / 1e9),
                cpu / 1e3 / CALLS,
                sink & 1);
          }
        } finally {
          SpoolDirs.delete(spool);
        }
      }
    }
  }

  private static long append(Sluice sluice, Event[] events) {
    long sink = 0;
    for (int i = 0; i < CALLS; i++) {
      sink += sluice.append(events[i & (DISTINCT - 1)]).getLeastSignificantBits();
    }
    return sink;
  }

  private static long buildAndAppend(Sluice sluice, Event[] events) {
    long sink = 0;
    for (int i = 0; i < CALLS; i++) {
      TraceEvent t = (TraceEvent) events[i & (DISTINCT - 1)];
      TraceEvent built =
          TraceEvent.builder()
              .traceId(t.traceId())
              .eventType(t.eventType())
              .level(t.level())
              .message(t.message())
              .agentName(t.agentName())
              .taskId(t.taskId())
              .metadata(t.metadata())
              .occurredAt(Instant.now())
              .build();
      sink += sluice.append(built).getLeastSignificantBits();
    }
    return sink;
  }
}
