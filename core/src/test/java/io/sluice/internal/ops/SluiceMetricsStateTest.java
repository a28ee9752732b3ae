package io.sluice.internal.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.sluice.model.BreakerState;
import io.sluice.model.HealthStatus;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drain-state gauge and the limits the alert rules compare with. */
class SluiceMetricsStateTest {
  private final MetricRegistry registry = new MetricRegistry();
  @TempDir Path spool;

  @Test
  void drainState_codesEveryStateTheRulesNameAndUnknownAsMinusOne() {
    assertEquals(0, SluiceMetrics.drainStateCode("DRAINING"));
    assertEquals(1, SluiceMetrics.drainStateCode("STANDBY"));
    assertEquals(2, SluiceMetrics.drainStateCode("CONNECTING"));
    assertEquals(3, SluiceMetrics.drainStateCode("RETRYING"));
    assertEquals(4, SluiceMetrics.drainStateCode("HALTED_FATAL"));
    assertEquals(5, SluiceMetrics.drainStateCode("STOPPED"));
    assertEquals(6, SluiceMetrics.drainStateCode("CLOSED"));
    assertEquals(-1, SluiceMetrics.drainStateCode("DISABLED"));
    assertEquals(-1, SluiceMetrics.drainStateCode(null));
  }

  @Test
  void limits_areRegisteredWithTheirValues_andRemovedOnClose() {
    SluiceMetrics m = new SluiceMetrics(registry, "orders");
    m.bindGauges(() -> SluiceMetricsTest.health(HealthStatus.HEALTHY, BreakerState.CLOSED));
    m.bindLimits(1L << 30, 1L << 27, Duration.ofSeconds(300), spool);
    assertEquals(1L << 30, value("sluice.orders.spool.max_bytes").longValue());
    assertEquals(1L << 27, value("sluice.orders.spool.min_free_disk_bytes").longValue());
    assertEquals(300.0, value("sluice.orders.health.max_undrained_age_seconds").doubleValue());
    assertTrue(value("sluice.orders.spool.disk_free_bytes").doubleValue() > 0);
    assertEquals(
        0.0, value("sluice.orders.drain.state").doubleValue(), "the sample health is DRAINING");
    m.close();
    assertEquals(0, registry.getNames().size(), registry.getNames().toString());
  }

  private Number value(String name) {
    Gauge<?> g = registry.getGauges().get(name);
    return (Number) g.getValue();
  }
}
