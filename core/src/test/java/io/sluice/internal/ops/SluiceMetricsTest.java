package io.sluice.internal.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.sluice.model.BreakerState;
import io.sluice.model.HealthStatus;
import io.sluice.model.SluiceHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

public class SluiceMetricsTest {
  private final MetricRegistry registry = new MetricRegistry();

  @Test
  void metrics_areNamespacedUpdatedAndRemovedOnClose() {
    registry.counter("host.app.requests"); // the host's own metric survives
    SluiceMetrics m = new SluiceMetrics(registry, "orders");
    m.bindGauges(() -> health(HealthStatus.DEGRADED, BreakerState.HALF_OPEN));
    m.appended();
    m.appended();
    m.batchCommitted(10, 2, TimeUnit.MILLISECONDS.toNanos(3));
    m.batchFailed(1);
    m.dropped(4);
    assertEquals(2, registry.counter("sluice.orders.spool.appends").getCount());
    assertEquals(1, registry.meter("sluice.orders.drain.commits").getCount());
    assertEquals(10, registry.meter("sluice.orders.drain.events").getCount());
    assertEquals(12, registry.histogram("sluice.orders.drain.batch_size").getSnapshot().getMax());
    assertEquals(1, registry.timer("sluice.orders.drain.commit_latency").getCount());
    assertEquals(1, registry.meter("sluice.orders.drain.failures").getCount());
    assertEquals(4, registry.counter("sluice.orders.drain.dropped").getCount());
    assertEquals(1.0, gauge("sluice.orders.drain.breaker_state"));
    assertEquals(0.0, gauge("sluice.orders.drain.state")); // DRAINING
    assertEquals(1.0, gauge("sluice.orders.health.status"));
    assertEquals(42.0, gauge("sluice.orders.spool.backlog"));
    assertEquals(90.0, gauge("sluice.orders.spool.oldest_undrained_seconds"));
    assertTrue(
        registry.getNames().stream()
            .filter(n -> !n.startsWith("host."))
            .allMatch(n -> n.startsWith("sluice.orders.")));
    m.close();
    assertEquals(List.of("host.app.requests"), List.copyOf(registry.getNames()));
  }

  @Test
  void secondInstance_withSameName_isRejected() {
    new SluiceMetrics(registry, "a");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new SluiceMetrics(registry, "a"));
    assertTrue(e.getMessage().contains("instanceName"), e.getMessage());
    new SluiceMetrics(registry, "b");
  }

  /**
   * Not a timing assertion: prints what the append path pays for its metric, for the report. A
   * Dropwizard Meter mark (LongAdders plus a clock read) against a bare Counter (one LongAdder).
   */
  @Test
  void appendMark_costPerCall_isPrinted() {
    Meter meter = new Meter();
    Counter counter = new Counter();
    for (int round = 0; round < 3; round++) {
      long n = 20_000_000;
      long t0 = System.nanoTime();
      for (long i = 0; i < n; i++) {
        meter.mark();
      }
      long t1 = System.nanoTime();
      for (long i = 0; i < n; i++) {
        counter.inc();
      }
      long t2 = System.nanoTime();
      System.out.printf(
          "round %d: Meter.mark %.1f ns, Counter.inc %.1f ns%n",
          round, (t1 - t0) / (double) n, (t2 - t1) / (double) n);
    }
    assertEquals(60_000_000, meter.getCount());
  }

  private double gauge(String name) {
    return ((Number) ((Gauge<?>) registry.getGauges().get(name)).getValue()).doubleValue();
  }

  @Test
  void drainState_standbyAndNotDraining_haveTheirCodes() {
    assertEquals(1, SluiceMetrics.drainStateCode("STANDBY"));
    assertEquals(2, SluiceMetrics.drainStateCode("CONNECTING"));
    assertEquals(-1, SluiceMetrics.drainStateCode("DISABLED"));
  }

  public static SluiceHealth health(HealthStatus status, BreakerState breaker) {
    return new SluiceHealth(
        status,
        List.of(),
        Instant.EPOCH,
        Duration.ZERO,
        null,
        null,
        0,
        0,
        Duration.ZERO,
        breaker,
        "DRAINING",
        null,
        null,
        0,
        42,
        Duration.ofSeconds(90),
        1_000,
        0,
        0,
        0);
  }
}
