package io.sluice.query;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.model.TraceLevel;
import io.sluice.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each query shape is served by an index and touches only the day partitions of its time range.
 * Data: 3 days, 50,000 trace events a day (20 agents, 5,000 traces, 5 event types, 5 levels),
 * 20,000 of each other kind a day, made in SQL and ANALYZEd.
 */
class QueryPlanTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();

  private static final LocalDate DAY1 = LocalDate.of(2026, 3, 1);
  private static final java.util.regex.Pattern LOADED_SEQ_SCAN =
      java.util.regex.Pattern.compile("Seq Scan on \\w+_p2026030[1-3]");
  private static final Instant END = Instant.parse("2026-03-04T00:00:00Z");

  @Test
  void everyShape_usesAnIndexAndPrunesPartitions() throws Exception {
    EventRows.migrate(postgres.database());
    try (Connection c = postgres.connect()) {
      EventRows.ensureDays(c, DAY1.minusDays(1), DAY1.plusDays(3));
      load(c);
      Instant from = END.minus(Duration.ofHours(1));
      Handle h = Jdbi.open(c);
      check(h, "trace by trace_id", page(TraceQuery.builder().traceId("t-42").build()), false);
      check(
          h,
          "trace by agent, 1 h",
          page(TraceQuery.builder().agentName("agent-3").from(from).to(END).build()),
          true);
      check(
          h,
          "trace by agent + level, 7 d",
          page(
              TraceQuery.builder()
                  .agentName("agent-3")
                  .level(TraceLevel.ERROR)
                  .from(END.minus(Duration.ofDays(7)))
                  .to(END)
                  .build()),
          false);
      check(
          h,
          "trace by level, 1 h",
          page(TraceQuery.builder().level("ERROR").from(from).to(END).build()),
          true);
      check(
          h,
          "trace by event type, 1 h",
          page(TraceQuery.builder().eventType("type-2").from(from).to(END).build()),
          true);
      check(
          h, "trace, time range only", page(TraceQuery.builder().from(from).to(END).build()), true);
      check(
          h,
          "routing by agent + min confidence, 24 h",
          page(
              RoutingQuery.builder()
                  .selectedAgent("agent-3")
                  .minConfidence(0.9)
                  .from(END.minus(Duration.ofDays(1)))
                  .to(END)
                  .build()),
          true);
      check(
          h,
          "routing by strategy, 1 h",
          page(RoutingQuery.builder().routingStrategy("semantic").from(from).to(END).build()),
          true);
      check(
          h,
          "metric by name, 1 h",
          page(MetricQuery.builder().metricName("m-3").from(from).to(END).build()),
          true);
      check(
          h,
          "metric by component, 1 h",
          page(MetricQuery.builder().component("c-3").from(from).to(END).build()),
          true);
      check(
          h,
          "transformation by source",
          page(TransformationQuery.builder().sourceAgent("agent-3").build()),
          false);
      check(
          h,
          "transformation by target, 1 h",
          page(TransformationQuery.builder().targetAgent("agent-3").from(from).to(END).build()),
          true);
      Select agg = new Select(io.sluice.model.EventKind.METRIC, "");
      String aggSql =
          MetricAggregateQuery.builder()
              .metricName("m-3")
              .from(END.minus(Duration.ofDays(1)))
              .to(END)
              .bucket(Duration.ofMinutes(5))
              .build()
              .sql(agg);
      check(h, "metric buckets, 24 h", new Shape(aggSql, agg.binds()), true);
    }
  }

  private record Shape(String sql, Map<String, Object> binds) {}

  private static Shape page(Object query) {
    Select s;
    String sql;
    if (query instanceof TraceQuery q) {
      s = q.select(Rows.TRACE);
      sql = s.pageSql(q.paging, q.order());
    } else if (query instanceof RoutingQuery q) {
      s = q.select(Rows.ROUTING);
      sql = s.pageSql(q.paging, q.order());
    } else if (query instanceof MetricQuery q) {
      s = q.select(Rows.METRIC);
      sql = s.pageSql(q.paging, q.order());
    } else {
      TransformationQuery q = (TransformationQuery) query;
      s = q.select(Rows.TRANSFORMATION);
      sql = s.pageSql(q.paging, q.order());
    }
    return new Shape(sql, s.binds());
  }

  /**
   * Asserts no sequential scan of a loaded day; when {@code pruned}, that only the last day's
   * partition is read.
   */
  private static void check(Handle h, String name, Shape shape, boolean pruned) {
    List<String> plan =
        h.createQuery("EXPLAIN " + shape.sql()).bindMap(shape.binds()).mapTo(String.class).list();
    String text = String.join("\n", plan);
    System.out.println("-- " + name + "\n" + text);
    // Empty partitions (the days around the data) may be scanned: they hold no rows.
    assertFalse(LOADED_SEQ_SCAN.matcher(text).find(), name + " scans a loaded partition:\n" + text);
    assertTrue(text.contains("Index"), name + " uses no index:\n" + text);
    if (pruned) {
      assertFalse(
          text.contains("_p20260301"), name + " reads a partition outside its range:\n" + text);
    }
  }

  private static void load(Connection c) throws Exception {
    try (Statement st = c.createStatement()) {
      st.execute(
          "CREATE FUNCTION pg_temp.uuid7(ts timestamptz) RETURNS uuid LANGUAGE sql VOLATILE AS $$"
              + " SELECT (lpad(to_hex(floor(extract(epoch FROM ts) * 1000)::bigint), 12, '0') || '7'"
              + " || substr(md5(random()::text), 1, 3) || '8' || substr(md5(random()::text), 1, 15))::uuid $$");
      String ts =
          "timestamptz '2026-03-01 00:00:00+00' + (g * interval '1 second' * 86400 * 3 / %d)";
      st.execute(
          "INSERT INTO agent_observability.trace_events SELECT pg_temp.uuid7(t), date_trunc('milliseconds', t), t,"
              + " 't-' || (g % 5000), 'type-' || (g % 5), (ARRAY['DEBUG','INFO','WARNING','ERROR','CRITICAL'])[1 + g % 5],"
              + " 'm', 'agent-' || (g % 20), NULL, NULL FROM generate_series(1, 150000) g, LATERAL (SELECT "
              + ts.formatted(150000)
              + " AS t) x");
      st.execute(
          "INSERT INTO agent_observability.routing_decisions SELECT pg_temp.uuid7(t), date_trunc('milliseconds', t), t,"
              + " 'req', 'agent-' || (g % 20), random(), '[]', NULL, (ARRAY['semantic','keyword'])[1 + g % 2]"
              + " FROM generate_series(1, 60000) g, LATERAL (SELECT "
              + ts.formatted(60000)
              + " AS t) x");
      st.execute(
          "INSERT INTO agent_observability.performance_metrics SELECT pg_temp.uuid7(t), date_trunc('milliseconds', t), t,"
              + " 'm-' || (g % 10), random() * 100, 'gauge', 'c-' || (g % 7), NULL"
              + " FROM generate_series(1, 60000) g, LATERAL (SELECT "
              + ts.formatted(60000)
              + " AS t) x");
      st.execute(
          "INSERT INTO agent_observability.transformation_events SELECT pg_temp.uuid7(t), date_trunc('milliseconds', t), t,"
              + " 'agent-' || (g % 20), 'agent-' || ((g + 1) % 20), 'delegation', NULL, NULL"
              + " FROM generate_series(1, 60000) g, LATERAL (SELECT "
              + ts.formatted(60000)
              + " AS t) x");
      st.execute("ANALYZE");
    }
  }
}
