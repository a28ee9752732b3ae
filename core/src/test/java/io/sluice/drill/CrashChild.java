package io.sluice.drill;

import io.sluice.Sluice;
import io.sluice.model.AgentTransformation;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.Event;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingDecision;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceStatus;
import io.sluice.model.TraceEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The process {@link CrashDrillTest} kills: a Sluice that drains while two threads append as fast
 * as they may, each recording every append that returned in its {@link AckLog}. It never exits by
 * itself before {@link #MAX_LIFE}; the test ends it with {@code kill -9}.
 *
 * <p>Arguments: {@code <spool dir> <ack dir> <run number>}. Database from the environment ({@code
 * SLUICE_JDBC_URL}, {@code POSTGRES_USER}, {@code POSTGRES_PASSWORD}).
 *
 * <p>Prints {@code APPENDING} once appending has begun and {@code DRAINING} once this process has
 * committed a batch, for the test to time its kill.
 */
public final class CrashChild {
  static final String APPENDING = "APPENDING";
  static final String DRAINING = "DRAINING";
  static final int WRITERS = 2;
  static final int MAX_BATCH_EVENTS = 500;
  static final Duration FLUSH_INTERVAL = Duration.ofMillis(10);

  /**
   * Appends pause while this many events wait to be drained, so the drainer always has full batches
   * in flight when the kill lands, and the drill's volume (and its final drain) stays bounded on a
   * slow machine.
   */
  static final long MAX_BACKLOG = 10_000;

  /**
   * A writer thread stops after this many appends in one life, so that on a fast machine the
   * drill's rows (and the time to verify them) stay bounded: at most 24 lives x 2 x 40,000.
   */
  static final long MAX_APPENDS_PER_THREAD = 40_000;

  /** An orphaned child (the test JVM died) must not run forever. */
  private static final Duration MAX_LIFE = Duration.ofMinutes(3);

  private CrashChild() {}

  static SluiceConfig config(Path spool, DatabaseConfig database) {
    return SluiceConfig.builder()
        .instanceName("crash-drill")
        .spoolDirectory(spool)
        .database(database)
        .maxBatchEvents(MAX_BATCH_EVENTS)
        .flushInterval(FLUSH_INTERVAL)
        .drainLanes(DrillLanes.inChild())
        .build();
  }

  static String traceId(int run, int thread, long seq) {
    return "drill-r" + run + "-t" + thread + "-" + seq;
  }

  public static void main(String[] args) throws Exception {
    Path spool = Path.of(args[0]);
    Path acks = Path.of(args[1]);
    int run = Integer.parseInt(args[2]);
    exitWithParentOrAfter(MAX_LIFE);

    DatabaseConfig database = DatabaseConfig.fromEnvironment(System.getenv()).build();
    Sluice sluice = Sluice.start(config(spool, database));
    AtomicLong appendedHere = new AtomicLong();
    Gate gate = new Gate(sluice, appendedHere);
    for (int t = 0; t < WRITERS; t++) {
      int thread = t;
      AckLog log = AckLog.create(AckLog.file(acks, run, thread));
      Thread writer =
          new Thread(
              () -> appendForever(sluice, gate, log, run, thread, appendedHere), "writer-" + t);
      writer.start();
    }
    say(APPENDING);
    gate.run(); // until killed
  }

  /**
   * The {@code seq}-th event of a writer: the four kinds in turn (so every drain lane works and is
   * killed mid-commit), each carrying {@code key} in a column {@link StoredTraces} reads.
   */
  static Event event(String key, long seq, int thread, int run) {
    String agent = "writer-" + thread;
    return switch ((int) (seq % 4)) {
      case 0 ->
          TraceEvent.builder()
              .traceId(key)
              .eventType("crash_drill")
              .agentName(agent)
              .message("appended by run " + run)
              .metadata("{\"run\": " + run + "}")
              .build();
      case 1 ->
          RoutingDecision.builder()
              .userRequest(key)
              .selectedAgent(agent)
              .confidenceScore(0.5)
              .routingStrategy("crash_drill")
              .build();
      case 2 ->
          PerformanceMetric.builder()
              .metricName("crash_drill")
              .metricValue(seq)
              .component(key)
              .build();
      default ->
          AgentTransformation.builder()
              .sourceAgent(agent)
              .targetAgent("next")
              .transformationType("crash_drill")
              .reason(key)
              .build();
    };
  }

  private static void appendForever(
      Sluice sluice, Gate gate, AckLog log, int run, int thread, AtomicLong appendedHere) {
    try {
      for (long seq = 0; seq < MAX_APPENDS_PER_THREAD; seq++) {
        gate.await();
        UUID id = sluice.append(event(traceId(run, thread, seq), seq, thread, run));
        log.record(seq, id);
        appendedHere.incrementAndGet();
      }
    } catch (Throwable e) {
      // Visible in the child's output file; the test then finds a gap and fails.
      e.printStackTrace();
      Runtime.getRuntime().halt(2);
    }
  }

  /** Lets appends through while the backlog is under {@link #MAX_BACKLOG}; reports progress. */
  private static final class Gate {
    private final Sluice sluice;
    private final AtomicLong appendedHere;
    private volatile boolean open;

    Gate(Sluice sluice, AtomicLong appendedHere) {
      this.sluice = sluice;
      this.appendedHere = appendedHere;
    }

    void await() {
      while (!open) {
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
      }
    }

    void run() {
      long firstCommitted = -1;
      boolean draining = false;
      while (true) {
        SluiceStatus s = sluice.status();
        // Until the drainer has read its checkpoint the backlog is unknown (-1): then cap what
        // this process appends instead.
        open = s.backlog() >= 0 ? s.backlog() < MAX_BACKLOG : appendedHere.get() < MAX_BACKLOG;
        if (!draining && s.committed() >= 0) {
          if (firstCommitted < 0) {
            firstCommitted = s.committed();
          } else if (s.committed() > firstCommitted) {
            draining = true;
            say(DRAINING);
          }
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
      }
    }
  }

  static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  /** Halts when the test JVM dies or after {@code maxLife}, whichever comes first. */
  static void exitWithParentOrAfter(Duration maxLife) {
    ProcessHandle.current()
        .parent()
        .ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
    Thread watchdog =
        new Thread(
            () -> {
              long deadline = System.nanoTime() + maxLife.toNanos();
              while (System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
              }
              Runtime.getRuntime().halt(4);
            },
            "watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
