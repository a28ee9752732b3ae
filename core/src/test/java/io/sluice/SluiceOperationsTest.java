package io.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.sluice.model.BreakerState;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.EventKind;
import io.sluice.model.HealthStatus;
import io.sluice.model.OperationsConfig;
import io.sluice.model.RetentionReport;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceException;
import io.sluice.model.SluiceHealth;
import io.sluice.model.TraceEvent;
import io.sluice.model.TraceLevel;
import io.sluice.query.StoredEvent;
import io.sluice.query.TraceQuery;
import io.sluice.testing.Eventually;
import io.sluice.testing.PostgresExtension;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Health, queries, retention and metrics through a real {@link Sluice} on a real PostgreSQL. */
class SluiceOperationsTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;

  private SluiceConfig.Builder config(DatabaseConfig db, OperationsConfig ops) {
    return SluiceConfig.builder()
        .instanceName("ops")
        .spoolDirectory(tmp.resolve("spool"))
        .database(db)
        .flushInterval(Duration.ofMillis(20))
        .operations(ops);
  }

  @Test
  void drainingSluice_isHealthy_servesQueries_removesMetricsOnClose() throws Exception {
    MetricRegistry registry = new MetricRegistry();
    OperationsConfig ops = OperationsConfig.builder().metricRegistry(registry).build();
    List<TraceEvent> appended = new java.util.ArrayList<>();
    try (Sluice sluice = Sluice.start(config(postgres.database(), ops).build())) {
      for (int i = 0; i < 50; i++) {
        TraceEvent e =
            TraceEvent.builder()
                .traceId("t-" + (i % 5))
                .eventType("step")
                .agentName("planner")
                .level(TraceLevel.WARNING)
                .message("n" + i)
                .build();
        appended.add(e);
        sluice.append(e);
      }
      assertTrue(sluice.awaitDrained(Duration.ofSeconds(60)), String.valueOf(sluice.status()));

      List<StoredEvent<TraceEvent>> t0 =
          sluice.queries().traces(TraceQuery.builder().traceId("t-0").build()).items();
      assertEquals(10, t0.size());
      assertEquals(appended.get(45), t0.get(0).event()); // newest first, read back equal
      assertEquals(appended.get(0), t0.get(9).event());

      SluiceHealth h = sluice.health();
      assertEquals(HealthStatus.HEALTHY, h.status(), h.reasons().toString());
      assertEquals(0, h.backlog());
      assertEquals(Duration.ZERO, h.oldestUndrainedAge());
      assertEquals(BreakerState.CLOSED, h.breakerState());
      assertEquals(DatabaseConfig.DEFAULT_POOL_MAX_SIZE, h.writerPool().maxSize());
      assertEquals(OperationsConfig.DEFAULT_QUERY_POOL_SIZE, h.queryPool().maxSize());
      assertTrue(h.totalQueries() >= 2, "batches + 1 query: " + h);
      assertEquals(0, h.failedQueries());
      assertTrue(h.spoolBytes() > 0);

      assertEquals(50, registry.counter("sluice.ops.spool.appends").getCount());
      assertTrue(
          registry.getNames().stream().anyMatch(n -> n.startsWith("sluice.ops.db.writer.pool.")));
    }
    assertEquals(
        List.of(), registry.getNames().stream().filter(n -> n.startsWith("sluice.")).toList());
  }

  @Test
  void prometheusPort_withoutThePrometheusModule_refusesToStart_andReleasesTheSpool()
      throws Exception {
    OperationsConfig ops = OperationsConfig.builder().prometheus("127.0.0.1", freePort()).build();
    SluiceException e =
        assertThrows(
            SluiceException.class, () -> Sluice.start(config(postgres.database(), ops).build()));
    assertTrue(e.getMessage().contains("io.sluice:sluice-prometheus"), e.getMessage());
    try (Sluice again =
        Sluice.start(config(postgres.database(), OperationsConfig.defaults()).build())) {
      assertNotNull(again.append(TraceEvent.builder().traceId("t").eventType("e").build()));
    }
  }

  @Test
  void unreachableDatabase_makesHealthUnhealthyWithBreakerOpen() throws Exception {
    DatabaseConfig down =
        DatabaseConfig.builder()
            .jdbcUrl("jdbc:postgresql://127.0.0.1:" + freePort() + "/none")
            .connectionTimeout(Duration.ofMillis(250))
            .build();
    SluiceConfig c =
        config(down, OperationsConfig.defaults())
            .breakerFailureThreshold(2)
            .breakerOpenDuration(Duration.ofHours(1))
            .build();
    try (Sluice sluice = Sluice.start(c)) {
      sluice.append(TraceEvent.builder().traceId("t").eventType("e").build());
      Eventually.until(
          "health UNHEALTHY",
          Duration.ofSeconds(60),
          () -> sluice.health().status() == HealthStatus.UNHEALTHY,
          sluice::health);
      SluiceHealth h = sluice.health();
      assertEquals(BreakerState.OPEN, h.breakerState());
      assertTrue(h.reasons().get(0).contains("OPEN"), h.reasons().toString());
      assertNotNull(h.lastError());
      assertNotNull(h.lastErrorAt());
      assertTrue(h.failedQueries() >= 2, h.toString());
      assertTrue(h.recoveryAttempts() >= 2, h.toString());
    }
  }

  @Test
  void applyRetention_removesAnExpiredDayPartition() throws Exception {
    try (Sluice sluice =
        Sluice.start(config(postgres.database(), OperationsConfig.defaults()).build())) {
      sluice.append(TraceEvent.builder().traceId("t").eventType("e").build());
      assertTrue(sluice.awaitDrained(Duration.ofSeconds(60)));
      LocalDate old = LocalDate.now(ZoneOffset.UTC).minusDays(400);
      String name = "trace_events_p" + old.format(DateTimeFormatter.BASIC_ISO_DATE);
      try (Connection c = postgres.connect();
          Statement st = c.createStatement()) {
        st.execute(
            "CREATE TABLE agent_observability."
                + name
                + " PARTITION OF agent_observability.trace_events"
                + " FOR VALUES FROM ('"
                + old
                + " 00:00:00+00') TO ('"
                + old.plusDays(1)
                + " 00:00:00+00')");
        st.execute(
            "INSERT INTO agent_observability.trace_events (id, recorded_at, occurred_at, trace_id,"
                + " event_type, level, message) VALUES (gen_random_uuid(), '"
                + old
                + " 10:00:00+00', now(), 'x', 'e',"
                + " 'INFO', '')");
      }
      RetentionReport dry = sluice.applyRetention(true);
      assertEquals(
          List.of(new RetentionReport.RemovedPartition(EventKind.TRACE, name, old, 1)),
          dry.removed());
      RetentionReport done = sluice.applyRetention(false);
      assertEquals(dry.removed(), done.removed());
      assertEquals(List.of(), done.errors());
      assertEquals(1, sluice.queries().traces(TraceQuery.builder().build()).items().size());
    }
  }

  @Test
  void writerOnlySluice_isHealthyWithoutPools_andHasNoRetention() {
    SluiceConfig c =
        config(postgres.database(), OperationsConfig.defaults()).drainEnabled(false).build();
    try (Sluice sluice = Sluice.start(c)) {
      sluice.append(TraceEvent.builder().traceId("t").eventType("e").build());
      SluiceHealth h = sluice.health();
      assertEquals(HealthStatus.HEALTHY, h.status());
      assertNull(h.writerPool());
      assertEquals("DISABLED", h.drainState());
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> sluice.applyRetention(true));
      assertTrue(e.getMessage().contains("drainEnabled is false"), e.getMessage());
    }
  }

  /**
   * Not a timing assertion: prints the cost of append (spool only, metric included), for the
   * report.
   */
  @Test
  void append_costPerEvent_isPrinted() {
    SluiceConfig c =
        config(postgres.database(), OperationsConfig.defaults()).drainEnabled(false).build();
    TraceEvent e =
        TraceEvent.builder().traceId("trace-1234").eventType("step").agentName("planner").build();
    try (Sluice sluice = Sluice.start(c)) {
      for (int round = 0; round < 3; round++) {
        int n = 200_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          sluice.append(e);
        }
        System.out.printf(
            "round %d: Sluice.append %.0f ns/event%n",
            round, (System.nanoTime() - t0) / (double) n);
      }
      assertEquals(600_000, sluice.status().spooledRecords());
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static Instant now() {
    return Instant.now();
  }
}
