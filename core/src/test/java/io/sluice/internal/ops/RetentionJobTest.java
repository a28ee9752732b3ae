package io.sluice.internal.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import com.zaxxer.hikari.HikariDataSource;
import io.sluice.internal.db.MetricRollupsMigration;
import io.sluice.internal.db.Partitions;
import io.sluice.internal.db.Pools;
import io.sluice.internal.db.Schema;
import io.sluice.internal.drain.RetentionPolicy;
import io.sluice.model.EventKind;
import io.sluice.model.OperationsConfig;
import io.sluice.model.RetentionReport;
import io.sluice.model.RetentionReport.RemovedPartition;
import io.sluice.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retention on real partitions made directly in SQL on past days, with a fixed clock at
 * 2026-06-01T12:00Z. Trace keeps 30 days (cutoff 2026-05-02T12:00Z): the days up to 2026-05-01 go,
 * 2026-05-02 stays. Metrics keep 180 days, so their April partition stays.
 */
class RetentionJobTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();

  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final LocalDate APR1 = LocalDate.of(2026, 4, 1);
  private static final LocalDate MAY1 = LocalDate.of(2026, 5, 1);
  private static final LocalDate MAY2 = LocalDate.of(2026, 5, 2);

  private HikariDataSource pool;
  private Connection c;
  private final MetricRegistry registry = new MetricRegistry();
  private final SluiceMetrics metrics = new SluiceMetrics(registry, "test");

  @BeforeEach
  void setUp() throws Exception {
    pool = Pools.writer(postgres.database(), "test");
    Schema.migrate(pool, "test");
    c = postgres.connect();
    Jdbi.open(c).useTransaction(tx -> new Partitions().ensure(tx, Set.of(APR1, MAY1, MAY2)));
    rows("trace_events", APR1, 3);
    rows("trace_events", MAY1, 2);
    rows("trace_events", MAY2, 4);
    rows("performance_metrics", APR1, 5);
  }

  @AfterEach
  void tearDown() throws Exception {
    c.close();
    pool.close();
  }

  private RetentionJob job() {
    return new RetentionJob(
        Jdbi.create(pool),
        new RetentionPolicy(OperationsConfig.defaults()),
        Clock.fixed(NOW, ZoneOffset.UTC),
        "test",
        3,
        metrics);
  }

  @Test
  void dryRun_listsExpiredPartitionsWithRows_changesNothing() throws Exception {
    RetentionReport r = job().run(true);
    assertTrue(r.dryRun());
    assertEquals(
        List.of(
            new RemovedPartition(EventKind.TRACE, "trace_events_p20260401", APR1, 3),
            new RemovedPartition(EventKind.TRACE, "trace_events_p20260501", MAY1, 2)),
        r.removed());
    assertTrue(exists("trace_events_p20260401"));
    assertEquals(9, count("trace_events"));
    assertNull(r.partitionsReadyThrough());
  }

  @Test
  void run_dropsOnlyExpiredPartitions_andCreatesAhead() throws Exception {
    RetentionReport r = job().run(false);
    assertEquals(List.of(), r.errors());
    assertEquals(
        List.of("trace_events_p20260401", "trace_events_p20260501"),
        r.removed().stream().map(RemovedPartition::partition).toList());
    assertEquals(5, r.rowsRemoved());
    assertFalse(exists("trace_events_p20260401"));
    assertFalse(exists("trace_events_p20260501"));
    assertEquals(4, count("trace_events")); // 2026-05-02 kept
    assertEquals(5, count("performance_metrics")); // 180 days: April kept
    assertTrue(exists("routing_decisions_p20260401")); // 90 days: kept
    assertEquals(LocalDate.of(2026, 6, 4), r.partitionsReadyThrough());
    assertTrue(exists("transformation_events_p20260604"));
    assertEquals(2, registry.counter("sluice.test.retention.partitions_removed").getCount());
    assertEquals(5, registry.counter("sluice.test.retention.rows_removed").getCount());
    assertEquals(List.of(), job().run(false).removed()); // nothing left to do
  }

  @Test
  void run_withDefaultPartition_fallsBackToPlainDetach() throws Exception {
    // DETACH ... CONCURRENTLY refuses when the table has a DEFAULT partition (Sluice makes none).
    exec(
        "CREATE TABLE agent_observability.trace_events_default PARTITION OF"
            + " agent_observability.trace_events DEFAULT");
    RetentionReport r = job().run(false);
    assertEquals(List.of(), r.errors());
    assertEquals(2, r.removed().size());
    assertFalse(exists("trace_events_p20260401"));
    assertTrue(exists("trace_events_default"));
  }

  @Test
  void run_findsTableLeftDetached_andDropsIt() throws Exception {
    exec(
        "ALTER TABLE agent_observability.trace_events DETACH PARTITION"
            + " agent_observability.trace_events_p20260401");
    exec("CREATE TABLE agent_observability.trace_events_p20260401_copy (x int)"); // not ours
    RetentionReport r = job().run(false);
    assertEquals(
        new RemovedPartition(EventKind.TRACE, "trace_events_p20260401", APR1, 3),
        r.removed().get(0));
    assertFalse(exists("trace_events_p20260401"));
    assertTrue(exists("trace_events_p20260401_copy"));
  }

  @Test
  void run_metricsPastRetention_dropsTheirRollupPartitionsToo() throws Exception {
    LocalDate nov1 = LocalDate.of(2025, 11, 1); // metrics keep 180 days: expired on 2026-06-01
    Jdbi.open(c).useTransaction(tx -> new Partitions().ensure(tx, Set.of(nov1)));
    rows("performance_metrics", nov1, 6);
    MetricRollupsMigration.backfill(c, nov1);
    MetricRollupsMigration.backfill(c, APR1);
    assertEquals(6, sum("metric_rollups_p20251101"));
    assertEquals(5, sum("metric_rollups_p20260401"));
    assertEquals(6, sum("metric_rollups_5m_p20251101"));

    assertTrue(exists("metric_rollups_p20251101"), "dry run keeps it");
    job().run(true);
    assertTrue(exists("metric_rollups_p20251101"), "dry run keeps it");
    RetentionReport r = job().run(false);
    assertEquals(List.of(), r.errors());
    assertTrue(
        r.removed().stream().anyMatch(p -> p.partition().equals("performance_metrics_p20251101")));
    assertFalse(exists("performance_metrics_p20251101"));
    assertFalse(exists("metric_rollups_p20251101"));
    assertFalse(exists("metric_rollups_5m_p20251101"));
    assertEquals(5, sum("metric_rollups")); // April: kept with its rows
    assertEquals(5, sum("metric_rollups_5m"));
    assertTrue(exists("metric_rollups_p20260604"), "made ahead with the event tables");
    assertTrue(exists("metric_rollups_5m_p20260604"), "made ahead with the event tables");
  }

  /** Values in a rollups table: the sum of its all-components rows. */
  private long sum(String table) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT coalesce(sum(n), 0) FROM agent_observability."
                    + table
                    + " WHERE component_key = '*'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void run_whileAnotherProcessHoldsTheLock_skipsAndSaysSo() throws Exception {
    try (Connection other = postgres.connect();
        Statement st = other.createStatement()) {
      st.execute("SELECT pg_advisory_lock(" + 0x53_6C_75_69_63_65_52L + ")");
      RetentionReport r = job().run(false);
      assertEquals(List.of(), r.removed());
      assertTrue(r.errors().get(0).contains("another process"), r.errors().toString());
      assertTrue(exists("trace_events_p20260401"));
    }
  }

  private void rows(String table, LocalDate day, int n) throws SQLException {
    Instant at = day.atTime(10, 0).toInstant(ZoneOffset.UTC);
    String sql =
        switch (table) {
          case "trace_events" ->
              "INSERT INTO agent_observability.trace_events (id, recorded_at, occurred_at,"
                  + " trace_id, event_type, level, message) SELECT gen_random_uuid(), ?, ?, 't', 'e', 'INFO', ''"
                  + " FROM generate_series(1, ?)";
          default ->
              "INSERT INTO agent_observability.performance_metrics (id, recorded_at, occurred_at,"
                  + " metric_name, metric_value, metric_type) SELECT gen_random_uuid(), ?, ?, 'm', 1, 'gauge'"
                  + " FROM generate_series(1, ?)";
        };
    try (var ps = c.prepareStatement(sql)) {
      ps.setObject(1, at.atOffset(ZoneOffset.UTC));
      ps.setObject(2, at.atOffset(ZoneOffset.UTC));
      ps.setInt(3, n);
      ps.executeUpdate();
    }
  }

  private void exec(String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private boolean exists(String table) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT to_regclass('agent_observability." + table + "') IS NOT NULL")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private long count(String table) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM agent_observability." + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
