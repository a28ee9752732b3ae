package io.sluice.internal.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.Sluice;
import io.sluice.model.AgentTransformation;
import io.sluice.model.Event;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingDecision;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceStatus;
import io.sluice.model.TraceEvent;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.Rows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spool drained by several lanes (one per event kind): every event lands once, each lane has its
 * checkpoint row, status adds the lanes up, and a spool drained before by one lane goes on with
 * four and back without a duplicate or a gap.
 */
class DrainLanesTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String[] TABLES = {
    "trace_events", "routing_decisions", "performance_metrics", "transformation_events"
  };

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;

  private SluiceConfig config(int lanes) {
    return SluiceConfig.builder()
        .spoolDirectory(tmp.resolve("spool"))
        .database(postgres.database())
        .flushInterval(Duration.ofMillis(10))
        .maxBatchEvents(97) // many batches, cut at odd places
        .drainLanes(lanes)
        .build();
  }

  private static Event event(int i) {
    return switch (i % 4) {
      case 0 -> TraceEvent.builder().traceId("t-" + i).eventType("e").build();
      case 1 ->
          RoutingDecision.builder()
              .selectedAgent("a" + i)
              .confidenceScore(0.5)
              .routingStrategy("s")
              .build();
      case 2 -> PerformanceMetric.builder().metricName("m" + i % 3).metricValue(i).build();
      default ->
          AgentTransformation.builder()
              .sourceAgent("a")
              .targetAgent("b")
              .transformationType("x")
              .build();
    };
  }

  /** Appends events {@code from .. to-1} and waits until they are drained. */
  private static void appendAndDrain(Sluice sluice, int from, int to) {
    for (int i = from; i < to; i++) {
      sluice.append(event(i));
    }
    assertTrue(sluice.awaitDrained(WAIT), () -> "not drained: " + sluice.status());
  }

  @Test
  void fourLanes_everyEventStoredOnce_aCheckpointRowPerLane_statusAddsThemUp() throws Exception {
    try (Sluice sluice = Sluice.start(config(4))) {
      appendAndDrain(sluice, 0, 2_000);
      SluiceStatus status = sluice.status();
      assertEquals(2_000, status.committed(), status.toString());
      assertEquals(0, status.backlog(), status.toString());
    }
    try (Connection c = postgres.connect()) {
      for (String table : TABLES) {
        assertEquals(500, Rows.count(c, table), table);
        assertEquals(500, distinctIds(c, table), table);
      }
      assertEquals(4, query(c, "SELECT count(*) FROM agent_observability.spool_checkpoints"));
      assertEquals(
          2_000,
          query(c, "SELECT sum(committed_events) FROM agent_observability.spool_checkpoints"));
      assertEquals(
          1,
          query(c, "SELECT count(DISTINCT last_index) FROM agent_observability.spool_checkpoints"),
          "every lane moved to the end, also over the other kinds' records");
      assertEquals(
          500,
          query(
              c,
              "SELECT sum(n) FROM agent_observability.metric_rollups"
                  + " WHERE component_key = '*'"),
          "the metrics lane rolled up each metric once");
    }
  }

  @Test
  void moreLanesThanThePoolAllows_refusedAtStart_namingBothSettings() {
    SluiceConfig tooMany =
        SluiceConfig.builder()
            .spoolDirectory(tmp.resolve("spool"))
            .database(
                io.sluice.model.DatabaseConfig.builder()
                    .jdbcUrl(postgres.database().jdbcUrl())
                    .user(postgres.database().user())
                    .poolMaxSize(4)
                    .build())
            .drainLanes(4)
            .build();
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> Sluice.start(tooMany).close());
    assertTrue(e.getMessage().contains("drainLanes is 4"), e.getMessage());
    assertTrue(e.getMessage().contains("poolMaxSize - 1 = 3"), e.getMessage());
    assertTrue(e.getMessage().contains("POSTGRES_POOL_MAX_SIZE"), e.getMessage());
  }

  @Test
  void spoolDrainedByOneLane_goesOnWithFour_thenBackToOne_noDuplicateNoGap() throws Exception {
    try (Sluice sluice = Sluice.start(config(1))) {
      appendAndDrain(sluice, 0, 402);
    }
    try (Sluice sluice = Sluice.start(config(4))) {
      appendAndDrain(sluice, 402, 1_002);
      assertEquals(1_002, sluice.status().committed(), sluice.status().toString());
    }
    try (Connection c = postgres.connect()) {
      assertEquals(4, query(c, "SELECT count(*) FROM agent_observability.spool_checkpoints"));
    }
    try (Sluice sluice = Sluice.start(config(1))) {
      appendAndDrain(sluice, 1_002, 1_202);
      assertEquals(1_202, sluice.status().committed(), sluice.status().toString());
    }
    try (Connection c = postgres.connect()) {
      long stored = 0;
      for (String table : TABLES) {
        assertEquals(Rows.count(c, table), distinctIds(c, table), table);
        stored += Rows.count(c, table);
      }
      assertEquals(1_202, stored);
      assertEquals(1, query(c, "SELECT count(*) FROM agent_observability.spool_checkpoints"));
      assertEquals(
          1_202,
          query(c, "SELECT committed_events FROM agent_observability.spool_checkpoints"),
          "the lanes' counts merged into the one row");
    }
  }

  /**
   * The lanes run free, within bounds: while the traces lane is blocked (a lock on its table) the
   * other lanes commit ahead, at most {@link Lanes#MAX_IN_FLIGHT} batches; when the blocked COPY is
   * then cancelled, some lanes have committed batches the traces lane has not, and the drainer
   * resumes from the lowest lane without a duplicate, a gap or a miscount.
   */
  @Test
  void blockedLane_othersRunAheadAtMostMaxInFlight_thenFailedLane_resumesExactlyOnce()
      throws Exception {
    int perBatch = 100; // 25 of each kind (event(i) cycles the kinds)
    SluiceConfig config =
        SluiceConfig.builder()
            .spoolDirectory(tmp.resolve("spool"))
            .database(postgres.database())
            .flushInterval(Duration.ofMillis(10))
            .maxBatchEvents(perBatch)
            .breakerOpenDuration(Duration.ofMillis(500))
            .drainLanes(4)
            .build();
    try (Sluice sluice = Sluice.start(config);
        Connection locker = postgres.connect();
        Connection watcher = postgres.connect()) {
      appendAndDrain(sluice, 0, 400); // partitions made, every lane warm
      locker.setAutoCommit(false);
      try (Statement st = locker.createStatement()) {
        st.execute("LOCK TABLE agent_observability.trace_events IN EXCLUSIVE MODE");
      }
      long metricsBefore = Rows.count(watcher, "performance_metrics");
      for (int i = 400; i < 4_400; i++) {
        sluice.append(event(i));
      }
      // (EXCLUSIVE blocks the COPY, not reads.) Wait until the metrics lane stops: it ran as far
      // ahead as it may
      long ahead = -1;
      for (int settled = 0; settled < 10; ) {
        Thread.sleep(200);
        long now = Rows.count(watcher, "performance_metrics") - metricsBefore;
        settled = now == ahead ? settled + 1 : 0;
        ahead = now;
      }
      assertTrue(ahead > 0, "the metrics lane committed ahead of the blocked traces lane");
      assertTrue(
          ahead <= (long) Lanes.MAX_IN_FLIGHT * perBatch / 4,
          "the metrics lane ran at most " + Lanes.MAX_IN_FLIGHT + " batches ahead: " + ahead);
      assertEquals(
          0,
          Rows.count(watcher, "trace_events") - 100,
          "no trace committed while its table was locked");
      long cancelled =
          query(
              watcher,
              "SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity"
                  + " WHERE wait_event_type = 'Lock' AND query ILIKE 'COPY%trace_events%'");
      assertEquals(1, cancelled, "the traces lane's COPY waited on the lock");
      locker.rollback();
      assertTrue(sluice.awaitDrained(WAIT), () -> "not drained: " + sluice.status());
      SluiceStatus status = sluice.status();
      assertEquals(4_400, status.committed(), status.toString());
      assertEquals(0, status.deadLettered(), status.toString());
      assertTrue(status.accountingHolds(), status.toString());
    }
    try (Connection c = postgres.connect()) {
      for (String table : TABLES) {
        assertEquals(1_100, Rows.count(c, table), table);
        assertEquals(1_100, distinctIds(c, table), table);
      }
      assertEquals(
          1,
          query(c, "SELECT count(DISTINCT last_index) FROM agent_observability.spool_checkpoints"));
      assertEquals(
          4_400,
          query(c, "SELECT sum(committed_events) FROM agent_observability.spool_checkpoints"),
          "each lane counted its events once");
    }
  }

  private static long distinctIds(Connection c, String table) throws SQLException {
    return query(c, "SELECT count(DISTINCT id) FROM agent_observability." + table);
  }

  private static long query(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
