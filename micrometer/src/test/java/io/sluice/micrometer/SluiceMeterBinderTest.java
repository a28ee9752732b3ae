package io.sluice.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.Sluice;
import io.sluice.model.SluiceConfig;
import io.sluice.model.TraceEvent;
import io.sluice.query.TraceQuery;
import io.sluice.testing.PostgresExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A real Sluice on a real PostgreSQL, seen through Micrometer. */
class SluiceMeterBinderTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;

  private Sluice start(String instance) {
    return Sluice.start(
        SluiceConfig.builder()
            .instanceName(instance)
            .spoolDirectory(tmp.resolve(instance))
            .database(postgres.database())
            .flushInterval(Duration.ofMillis(20))
            .build());
  }

  @Test
  void boundSluice_publishesCountsGaugesPoolsAndLatencies_taggedWithItsInstance() {
    MeterRegistry meters = new SimpleMeterRegistry();
    try (Sluice sluice = start("orders")) {
      new SluiceMeterBinder(sluice).bindTo(meters);
      for (int i = 0; i < 20; i++) {
        sluice.append(TraceEvent.builder().traceId("t-" + i).eventType("step").build());
      }
      assertTrue(sluice.awaitDrained(Duration.ofSeconds(60)), String.valueOf(sluice.status()));
      sluice.queries().traces(TraceQuery.builder().traceId("t-1").build()); // opens the read pool

      assertEquals(
          20,
          meters.get("sluice.spool.appends").tag("instance", "orders").functionCounter().count());
      assertEquals(
          20,
          meters.get("sluice.drain.events").tag("instance", "orders").functionCounter().count());
      // Gauges are read from a health snapshot cached for a second.
      io.sluice.testing.Eventually.until(
          "backlog gauge 0",
          Duration.ofSeconds(10),
          () -> meters.get("sluice.spool.backlog").gauge().value() == 0.0,
          () -> "");
      assertEquals(
          io.sluice.model.DatabaseConfig.DEFAULT_POOL_MAX_SIZE,
          meters
              .get("sluice.db.pool.max.connections")
              .tags("instance", "orders", "pool", "writer")
              .gauge()
              .value());
      assertTrue(
          meters.get("sluice.db.pool.max.connections").tag("pool", "reader").gauge().value() > 0,
          "the query pool, registered after binding, follows");
      assertTrue(
          meters
                  .get("sluice.drain.commit_latency")
                  .tag("quantile", "0.99")
                  .timeGauge()
                  .value(java.util.concurrent.TimeUnit.NANOSECONDS)
              > 0);
    }
    assertEquals(0, meters.find("sluice.spool.appends").meters().size(), "removed on close");
    assertEquals(
        0,
        meters.getMeters().stream()
            .filter(m -> "orders".equals(m.getId().getTag("instance")))
            .count());
  }

  @Test
  void close_removesTheMeters_whileSluiceRuns() {
    MeterRegistry meters = new SimpleMeterRegistry();
    try (Sluice sluice = start("billing")) {
      SluiceMeterBinder binder = new SluiceMeterBinder(sluice);
      binder.bindTo(meters);
      assertEquals(1, meters.find("sluice.spool.appends").meters().size());
      binder.close();
      assertEquals(0, meters.getMeters().size());
      sluice.append(TraceEvent.builder().traceId("t").eventType("e").build());
      assertEquals(0, meters.getMeters().size());
    }
  }

  @Test
  void map_namesAndTags() {
    assertEquals(
        new SluiceMeterBinder.Named(
            "sluice.spool.oldest_undrained_seconds",
            io.micrometer.core.instrument.Tags.of("instance", "a")),
        SluiceMeterBinder.map("sluice.a.spool.oldest_undrained_seconds", "sluice.a.", "a"));
    assertEquals(
        new SluiceMeterBinder.Named(
            "sluice.db.pool.active.connections",
            io.micrometer.core.instrument.Tags.of("instance", "a", "pool", "writer")),
        SluiceMeterBinder.map("sluice.a.db.writer.pool.ActiveConnections", "sluice.a.", "a"));
    assertEquals(null, SluiceMeterBinder.map("sluice.ab.spool.appends", "sluice.a.", "a"));
    assertEquals(null, SluiceMeterBinder.map("host.requests", "sluice.a.", "a"));
  }
}
