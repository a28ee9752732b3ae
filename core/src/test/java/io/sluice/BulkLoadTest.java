package io.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.sluice.model.Event;
import io.sluice.model.EventKind;
import io.sluice.model.SpooledEvent;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.Rows;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link BulkLoad} stores events as the drainer does: every kind in its table, the edge values of
 * {@link RoundTripSamples} intact, metric rollups equal to the stored rows when asked for, and
 * PostgreSQL's SQLSTATE when an id is stored already or a day has no partition.
 */
class BulkLoadTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  private final TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();

  @BeforeEach
  void prepare() {
    SluiceDatabase.prepare(postgres.database(), 1, Clock.systemUTC());
  }

  @Test
  void copy_mixedKinds_storesEachInItsTable() throws SQLException {
    List<SpooledEvent> events = new ArrayList<>();
    for (List<Event> kind :
        List.of(
            RoundTripSamples.traceEvents(),
            RoundTripSamples.routingDecisions(),
            RoundTripSamples.performanceMetrics(),
            RoundTripSamples.transformations())) {
      kind.forEach(e -> events.add(new SpooledEvent(ids.generate(), e)));
    }
    try (Connection c = postgres.connect()) {
      c.setAutoCommit(false);
      assertEquals(events.size(), new BulkLoad().copy(c, events));
      c.commit();
      assertEquals(RoundTripSamples.traceEvents().size(), Rows.count(c, "trace_events"));
      assertEquals(RoundTripSamples.routingDecisions().size(), Rows.count(c, "routing_decisions"));
      assertEquals(
          RoundTripSamples.performanceMetrics().size(), Rows.count(c, "performance_metrics"));
      assertEquals(
          RoundTripSamples.transformations().size(), Rows.count(c, "transformation_events"));
      assertEquals(0, MetricRollupsTest.rolledUpValues(c), "copy alone adds no rollups");

      SQLException again = assertThrows(SQLException.class, () -> new BulkLoad().copy(c, events));
      assertEquals("23505", again.getSQLState(), again.getMessage());
    }
  }

  @Test
  void addRollups_sameTransaction_rollupsMatchTheStoredRows() throws SQLException {
    List<SpooledEvent> events = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      events.add(new SpooledEvent(ids.generate(), MetricRollupsTest.metric(i, false)));
    }
    events.addAll(spooled(RoundTripSamples.traceEvents())); // skipped by the rollups
    try (Connection c = postgres.connect()) {
      c.setAutoCommit(false);
      new BulkLoad().copy(c, events);
      BulkLoad.addRollups(c, events);
      c.commit();
      assertEquals(3_000, MetricRollupsTest.rolledUpValues(c));
      assertEquals(0, MetricRollupsTest.mismatches(c), "rollup rows unlike the stored rows");
    }
  }

  @Test
  void rollUpStoredDay_rowsInsertedBySql_rollsThemUp() throws SQLException {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    try (Connection c = postgres.connect()) {
      Rows.execute(
          c,
          "INSERT INTO agent_observability.performance_metrics (id, recorded_at, occurred_at,"
              + " metric_name, metric_value, metric_type, component)"
              + " SELECT gen_random_uuid(), t, t, 'm' || (g % 3), (g % 101) / 8.0, 'gauge',"
              + " CASE WHEN g % 5 = 0 THEN NULL ELSE 'c' || (g % 2) END"
              + " FROM generate_series(1, 2000) g, LATERAL (SELECT timestamptz '"
              + today
              + " 00:00:00+00' + g * interval '7 s') x(t)");
      assertEquals(2_000, BulkLoad.rollUpStoredDay(c, today));
      assertEquals(2_000, MetricRollupsTest.rolledUpValues(c));
      assertEquals(0, MetricRollupsTest.mismatches(c), "rollup rows unlike the stored rows");
    }
  }

  @Test
  void copy_intoATableOfTheSameShape_andRejectsOtherKinds() throws SQLException {
    List<SpooledEvent> traces = spooled(RoundTripSamples.traceEvents());
    try (Connection c = postgres.connect()) {
      Rows.execute(
          c, "CREATE TABLE staging (LIKE agent_observability.trace_events INCLUDING DEFAULTS)");
      BulkLoad bulk = new BulkLoad();
      assertEquals(traces.size(), bulk.copy(c, "staging", EventKind.TRACE, traces));
      IllegalArgumentException wrong =
          assertThrows(
              IllegalArgumentException.class,
              () -> bulk.copy(c, "staging", EventKind.ROUTING, traces));
      assertEquals(true, wrong.getMessage().contains("is a TRACE (expected only ROUTING)"));
    }
  }

  @Test
  void copy_aDayWithoutPartition_failsWithCheckViolation() throws SQLException {
    long millis = LocalDate.of(2020, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    UUID old = new UUID(millis << 16 | 0x7000, 0x8000_0000_0000_0001L);
    SpooledEvent e = new SpooledEvent(old, RoundTripSamples.traceEvents().get(0));
    try (Connection c = postgres.connect()) {
      SQLException missing =
          assertThrows(SQLException.class, () -> new BulkLoad().copy(c, List.of(e)));
      assertEquals("23514", missing.getSQLState(), missing.getMessage());
    }
  }

  private List<SpooledEvent> spooled(List<Event> events) {
    List<SpooledEvent> spooled = new ArrayList<>();
    events.forEach(e -> spooled.add(new SpooledEvent(ids.generate(), e)));
    return spooled;
  }
}
