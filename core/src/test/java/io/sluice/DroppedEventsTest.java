package io.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.codahale.metrics.MetricRegistry;
import io.sluice.model.MetricNames;
import io.sluice.model.OperationsConfig;
import io.sluice.model.SluiceConfig;
import io.sluice.model.TraceEvent;
import io.sluice.model.TraceLevel;
import io.sluice.spool.SpoolConfig;
import io.sluice.spool.SpoolFullPolicy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events the {@code DROP_NEWEST} policy drops are counted once: in status, health and metrics. */
class DroppedEventsTest {
  @TempDir Path tmp;

  @Test
  void append_droppedUnderDropNewest_countsInTheDroppedMetricStatusAndHealth() {
    MetricRegistry registry = new MetricRegistry();
    // A free-disk reserve no disk has: every append finds the spool full.
    SpoolConfig spool =
        SpoolConfig.builder(tmp.resolve("spool"))
            .minFreeDiskBytes(Long.MAX_VALUE / 4)
            .fullPolicy(SpoolFullPolicy.DROP_NEWEST)
            .build();
    SluiceConfig config =
        SluiceConfig.builder()
            .spool(spool)
            .drainEnabled(false)
            .operations(OperationsConfig.builder().metricRegistry(registry).build())
            .build();
    try (Sluice sluice = Sluice.start(config)) {
      for (int i = 0; i < 3; i++) {
        assertNull(sluice.append(event(i)));
      }

      String name = MetricNames.name(config.instanceName(), MetricNames.DROPPED);
      assertEquals(3, registry.counter(name).getCount());
      assertEquals(3, sluice.status().dropped());
      assertEquals(3, sluice.health().dropped());
    }
  }

  private static TraceEvent event(int i) {
    return TraceEvent.builder()
        .traceId("trace-" + i)
        .eventType("task_started")
        .level(TraceLevel.INFO)
        .agentName("planner")
        .message("dropped " + i)
        .build();
  }
}
