package io.sluice.drill;

import io.sluice.Sluice;
import io.sluice.model.TraceEvent;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread appending trace events at a steady rate, timing each {@code append} into the samples
 * of the current {@link Phase} and keeping every id it got back. The test switches phases; {@link
 * #stop()} joins the thread and rethrows what killed it, if anything.
 */
final class PacedWriter {
  /** Where the drill stands when an append is timed. */
  enum Phase {
    /** Until the test has seen a first commit: JIT and connection warm-up, not reported. */
    WARMUP,
    BEFORE,
    OUTAGE,
    RECOVERY
  }

  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final Sluice sluice;
  private final int eventsPerTick;
  private final Map<Phase, LatencySamples> samples = new EnumMap<>(Phase.class);
  private final List<UUID> ids = new ArrayList<>();
  private final Thread thread;
  private volatile Phase phase = Phase.WARMUP;
  private volatile boolean running = true;
  private volatile Throwable failure;

  private PacedWriter(Sluice sluice, int eventsPerSecond) {
    this.sluice = sluice;
    this.eventsPerTick = Math.max(1, eventsPerSecond / 1_000);
    for (Phase p : Phase.values()) {
      samples.put(p, new LatencySamples());
    }
    this.thread = new Thread(this::run, "paced-writer");
  }

  /** Starts appending {@code eventsPerSecond} (in bursts each millisecond), in phase WARMUP. */
  static PacedWriter start(Sluice sluice, int eventsPerSecond) {
    PacedWriter w = new PacedWriter(sluice, eventsPerSecond);
    w.thread.start();
    return w;
  }

  void phase(Phase next) {
    phase = next;
  }

  private void run() {
    try {
      long next = System.nanoTime();
      long seq = 0;
      while (running) {
        LatencySamples current = samples.get(phase);
        for (int i = 0; i < eventsPerTick; i++) {
          TraceEvent event =
              TraceEvent.builder().traceId("outage-" + seq++).eventType("outage_drill").build();
          long t0 = System.nanoTime();
          UUID id = sluice.append(event);
          current.add(System.nanoTime() - t0);
          ids.add(id);
        }
        next += TICK_NANOS;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        } else if (wait < -100 * TICK_NANOS) {
          next = System.nanoTime(); // fell far behind (a stalled machine): do not burst to catch up
        }
      }
    } catch (Throwable e) {
      failure = e;
    }
  }

  /** Stops, waits for the thread, and fails if it died of an exception. */
  void stop() throws InterruptedException {
    running = false;
    thread.join(TimeUnit.SECONDS.toMillis(30));
    if (thread.isAlive()) {
      throw new IllegalStateException("the paced writer did not stop within 30 s");
    }
    if (failure != null) {
      throw new AssertionError("append failed during the drill: " + failure, failure);
    }
  }

  /** Ids append returned, in order; read after {@link #stop()}. */
  List<UUID> ids() {
    return ids;
  }

  LatencySamples samples(Phase p) {
    return samples.get(p);
  }
}
