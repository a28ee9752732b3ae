package io.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.sluice.internal.db.Pools;
import io.sluice.internal.db.Schema;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceStatus;
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
 * The per-minute metric rollups hold exactly the metric rows that are stored: the drainer writes
 * them in the transaction of the rows, so a dead-lettered row is not in them, a replayed batch is
 * not counted twice, and V7 fills them for the rows stored before it. Each check compares every
 * rollup row (per metric and minute, all components and each one) with count, sum, min and max
 * computed by PostgreSQL over the stored rows.
 */
class MetricRollupsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;

  private SluiceConfig.Builder config() {
    return SluiceConfig.builder()
        .spoolDirectory(tmp.resolve("spool"))
        .database(postgres.database())
        .flushInterval(Duration.ofMillis(20));
  }

  /** Values are multiples of 1/8 (sums exact in any order); 666 is the poison value. */
  static PerformanceMetric metric(int i, boolean poison) {
    return PerformanceMetric.builder()
        .metricName("latency_ms." + (i % 3))
        .metricValue(poison ? 666 : (i % 97) / 8.0)
        .metricType("gauge")
        .component(i % 4 == 0 ? null : "c" + (i % 2))
        .build();
  }

  @Test
  void drain_batchWithADeadLetteredMetric_rollupsLeaveItOut() throws Exception {
    try (Sluice sluice = Sluice.start(config().build())) { // creates the schema
      sluice.append(metric(1, false));
      assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
    }
    try (Connection c = postgres.connect()) {
      Rows.execute(
          c,
          "ALTER TABLE agent_observability.performance_metrics"
              + " ADD CONSTRAINT no_poison CHECK (metric_value <> 666)");
    }
    try (Sluice writer = Sluice.start(config().drainEnabled(false).build())) {
      for (int i = 0; i < 1_000; i++) {
        writer.append(metric(i, i % 150 == 7)); // 7 poison rows, in different batches
      }
    }
    SluiceStatus status;
    try (Sluice sluice = Sluice.start(config().maxBatchEvents(100).build())) {
      assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
      status = sluice.status();
    }
    assertEquals(7, status.deadLettered(), status.toString());
    try (Connection c = postgres.connect()) {
      assertEquals(994, Rows.count(c, "performance_metrics"));
      assertEquals(994, rolledUpValues(c));
      assertEquals(0, mismatches(c), "rollup rows that differ from the stored rows");
      assertEquals(0, count(c, "SELECT count(*) FROM r WHERE max_value >= 666"));
    }
  }

  @Test
  void checkpointRestored_replayedBatches_areNotCountedTwice() throws Exception {
    try (Sluice sluice = Sluice.start(config().maxBatchEvents(200).build())) {
      for (int i = 0; i < 2_000; i++) {
        sluice.append(metric(i, false));
      }
      assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
    }
    // A restore of the checkpoint from an older backup: every batch is drained again.
    try (Connection c = postgres.connect()) {
      Rows.execute(
          c,
          "UPDATE agent_observability.spool_checkpoints"
              + " SET last_index = -1, committed_events = 0, dead_lettered_events = 0");
    }
    try (Sluice sluice = Sluice.start(config().maxBatchEvents(200).build())) {
      for (int i = 0; i < 10; i++) {
        sluice.append(metric(i, false));
      }
      assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
      assertEquals(2_010, sluice.status().committed(), String.valueOf(sluice.status()));
    }
    try (Connection c = postgres.connect()) {
      assertEquals(2_010, Rows.count(c, "performance_metrics"));
      assertEquals(2_010, rolledUpValues(c));
      assertEquals(0, mismatches(c), "rollup rows that differ from the stored rows");
    }
  }

  @Test
  void migrationsV7andV10_onADatabaseWithMetrics_rollUpTheStoredRowsInBothTiers() throws Exception {
    try (HikariDataSource ds = Pools.writer(postgres.database(), "test")) {
      Schema.flyway(ds).target("4").load().migrate();
      try (Connection c = ds.getConnection()) {
        for (String day : new String[] {"20260510", "20260511"}) {
          String from = day.substring(0, 4) + "-" + day.substring(4, 6) + "-" + day.substring(6);
          Rows.execute(
              c,
              "CREATE TABLE agent_observability.performance_metrics_p"
                  + day
                  + " PARTITION OF agent_observability.performance_metrics FOR VALUES FROM ('"
                  + from
                  + " 00:00:00+00') TO ('"
                  + from
                  + " 00:00:00+00'::timestamptz + interval '1 day')");
        }
        Rows.execute(
            c,
            "INSERT INTO agent_observability.performance_metrics (id, recorded_at, occurred_at,"
                + " metric_name, metric_value, metric_type, component)"
                + " SELECT gen_random_uuid(), t, t, 'm' || (g % 3), (g % 101) / 8.0, 'gauge',"
                + " CASE WHEN g % 5 = 0 THEN NULL ELSE 'c' || (g % 2) END"
                + " FROM generate_series(1, 5000) g,"
                + " LATERAL (SELECT timestamptz '2026-05-10 22:00:00+00' + g * interval '3 s') x(t)");
      }
      Schema.migrate(ds, "test"); // V7 (minutes), V10 (five minutes)
      try (Connection c = ds.getConnection()) {
        assertEquals(5_000, rolledUpValues(c));
        assertEquals(0, mismatches(c), "rollup rows that differ from the stored rows");
        assertEquals(
            2,
            count(
                c,
                "SELECT count(*) FROM pg_inherits"
                    + " WHERE inhparent = 'agent_observability.metric_rollups'::regclass"));
        assertEquals(
            2,
            count(
                c,
                "SELECT count(*) FROM pg_inherits"
                    + " WHERE inhparent = 'agent_observability.metric_rollups_5m'::regclass"),
            "V10 made the five-minute tier's partitions");
      }
    }
  }

  private static final String ROLLUPS =
      "WITH r AS (SELECT * FROM agent_observability.metric_rollups) ";

  /** Values in the rollups: the sum of the all-components rows. */
  static long rolledUpValues(Connection c) throws SQLException {
    return count(c, "SELECT coalesce(sum(n), 0) FROM r WHERE component_key = '*'");
  }

  /**
   * Rollup rows (of both tiers) whose count, sum, min or max differ from those of the stored rows
   * of their metric, slot and component (or all components), plus keys on one side only.
   */
  static long mismatches(Connection c) throws SQLException {
    return mismatches(c, "metric_rollups", "date_trunc('minute', recorded_at)")
        + mismatches(
            c, "metric_rollups_5m", "date_bin('5 minutes', recorded_at, timestamptz 'epoch')");
  }

  private static long mismatches(Connection c, String table, String slot) throws SQLException {
    String sql =
        "WITH r AS (SELECT * FROM agent_observability."
            + table
            + "), raw AS ("
            + " SELECT metric_name, "
            + slot
            + " AS minute, '*' AS component_key,"
            + " count(*) AS n, sum(metric_value) AS total, min(metric_value) AS lo,"
            + " max(metric_value) AS hi FROM agent_observability.performance_metrics GROUP BY 1, 2"
            + " UNION ALL"
            + " SELECT metric_name, "
            + slot
            + ", '=' || component, count(*),"
            + " sum(metric_value), min(metric_value), max(metric_value)"
            + " FROM agent_observability.performance_metrics WHERE component IS NOT NULL"
            + " GROUP BY 1, 2, 3)"
            + " SELECT count(*) FROM raw FULL JOIN r USING (metric_name, minute, component_key)"
            + " WHERE raw.n IS DISTINCT FROM r.n OR raw.total IS DISTINCT FROM r.total"
            + " OR raw.lo IS DISTINCT FROM r.min_value OR raw.hi IS DISTINCT FROM r.max_value";
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    String full = sql.startsWith(",") ? ROLLUPS.trim() + sql : ROLLUPS + sql;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(full)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
