package io.sluice.bench;

import io.sluice.BulkLoad;
import io.sluice.model.EventKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Fills Sluice's (already migrated) tables with the query benchmark's data set, in SQL on the
 * server: no rows cross the network.
 *
 * <h2>How</h2>
 *
 * Per kind and UTC day: a plain table {@code CREATE TABLE ... (LIKE parent)}, filled by one {@code
 * INSERT ... SELECT} over {@code generate_series}, then {@code ATTACH PARTITION}, which builds the
 * partition's indexes (primary key and every index of {@code sql/V*.sql}) on the full table: much
 * faster than maintaining them row by row, and the same indexes in the end. Then {@code VACUUM
 * (ANALYZE)} so the tables look like steady-state ones (hint bits set, visibility map, statistics).
 *
 * <h2>Shape</h2>
 *
 * Row {@code g} of a kind with {@code n} rows is recorded at {@code first + (g + 0.5) * days / n},
 * evenly spread, with a UUIDv7 id holding that millisecond (so id order is time order, as Sluice
 * writes them). {@code random()} is seeded: every load makes the same data.
 *
 * <pre>
 * kind             columns that queries filter on
 * trace            trace_id = trace-(g / 10): 10 consecutive events per trace, n / 10 traces;
 *                  agent_name = agent-00..19 per trace; 5 event types; level mostly INFO
 * routing          selected_agent = agent-00..19; confidence_score uniform in [0, 1); 3 strategies
 * metric           metric-0..9 x component-0..4; metric_value uniform in [0, 100)
 * transformation   source and target agent-00..19; 4 transformation types
 * </pre>
 */
final class QueryDataLoader {
  private static final String UUID7 =
      "CREATE OR REPLACE FUNCTION pg_temp.uuid7(ms bigint, seed bigint) RETURNS uuid"
          + " LANGUAGE sql IMMUTABLE AS $$ SELECT (lpad(to_hex(ms), 12, '0') || '7'"
          + " || substr(md5(seed::text), 1, 3) || '8' || substr(md5(seed::text), 4, 15))::uuid $$";
  private static final String TIME =
      " FROM generate_series(?::bigint, ?::bigint) g,"
          + " LATERAL (SELECT ?::bigint + ((g + 0.5) * ?::numeric / ?::bigint)::bigint AS ms) m,"
          + " LATERAL (SELECT timestamptz 'epoch' + m.ms * interval '1 millisecond' AS t) x";

  private final Connection c;
  private final Instant first;
  private final int days;

  QueryDataLoader(Connection c, Instant first, int days) {
    this.c = c;
    this.first = first;
    this.days = days;
  }

  void load(EventKind kind, long rows) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(UUID7);
      st.execute("SELECT setseed(0.42)");
    }
    long perDay = rows / days;
    for (int d = 0; d < days; d++) {
      LocalDate day = LocalDate.ofInstant(first, ZoneOffset.UTC).plusDays(d);
      String part = EventKind.SCHEMA + "." + kind.partitionName(day);
      String parent = EventKind.SCHEMA + "." + kind.tableName();
      long started = System.nanoTime();
      // Created and filled in one transaction: with wal_level=minimal the rows skip the WAL.
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute(
            "CREATE TABLE "
                + part
                + " (LIKE "
                + parent
                + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
      }
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO " + part + " " + select(kind) + TIME)) {
        ps.setLong(1, d * perDay);
        ps.setLong(2, (d + 1) * perDay - 1);
        ps.setLong(3, first.toEpochMilli());
        ps.setLong(4, 86_400_000L * days);
        ps.setLong(5, rows);
        ps.executeUpdate();
      }
      c.commit();
      c.setAutoCommit(true);
      try (Statement st = c.createStatement()) {
        st.execute(
            "ALTER TABLE "
                + parent
                + " ATTACH PARTITION "
                + part
                + " FOR VALUES FROM ('"
                + day
                + " 00:00:00+00') TO ('"
                + day.plusDays(1)
                + " 00:00:00+00')");
      }
      System.out.printf(
          Locale.ROOT,
          "  %s: %,d rows in %.1f s%n",
          kind.partitionName(day),
          perDay,
          (System.nanoTime() - started) / 1e9);
      if (kind == EventKind.METRIC) {
        // The rows went in around the drainer, so their rollups (every tier) are built here, as
        // the V7 and V10 migrations build them for rows stored before them.
        long rolled = System.nanoTime();
        BulkLoad.rollUpStoredDay(c, day);
        System.out.printf(
            Locale.ROOT,
            "  metric rollups of %s: %.1f s%n",
            day,
            (System.nanoTime() - rolled) / 1e9);
      }
    }
    try (Statement st = c.createStatement()) {
      st.execute("VACUUM (ANALYZE) " + EventKind.SCHEMA + "." + kind.tableName());
      if (kind == EventKind.METRIC) {
        st.execute("VACUUM (ANALYZE) " + EventKind.SCHEMA + ".metric_rollups");
        st.execute("VACUUM (ANALYZE) " + EventKind.SCHEMA + ".metric_rollups_5m");
      }
    }
  }

  private static String select(EventKind kind) {
    String head = "SELECT pg_temp.uuid7(m.ms, g), x.t, ";
    return switch (kind) {
      case TRACE ->
          head
              + "x.t - interval '3 milliseconds', 'trace-' || lpad((g / 10)::text, 7, '0'),"
              + " (ARRAY['task_started','llm_call','tool_call','tool_result','task_completed'])"
              + "[1 + (g % 5)::int],"
              + " CASE WHEN g % 50 = 0 THEN 'ERROR' WHEN g % 10 = 5 THEN 'WARNING'"
              + " WHEN g % 4 = 1 THEN 'DEBUG' ELSE 'INFO' END,"
              + " 'step ' || (g % 10) || ' of trace ' || (g / 10)"
              + " || ': called the search tool, 12 results',"
              + " 'agent-' || lpad(((g / 10) % 20)::text, 2, '0'), 'task-' || (g / 10),"
              + " jsonb_build_object('tokens', g % 4000, 'model', 'model-' || (g % 3))";
      case ROUTING ->
          head
              + "x.t - interval '2 milliseconds', 'request ' || g || ': summarize the incident report',"
              + " 'agent-' || lpad((g % 20)::text, 2, '0'), random(),"
              + " jsonb_build_array(jsonb_build_object("
              + "'agent', 'agent-' || lpad(((g + 1) % 20)::text, 2, '0'),"
              + " 'confidence', 0.25)), 'best match for the request intent',"
              + " (ARRAY['semantic','keyword','llm'])[1 + ((g / 20) % 3)::int]";
      case METRIC ->
          head
              + "x.t, 'metric-' || (g % 10), random() * 100, 'gauge',"
              + " 'component-' || ((g / 10) % 5), NULL";
      case TRANSFORMATION ->
          head
              + "x.t, 'agent-' || lpad((g % 20)::text, 2, '0'),"
              + " 'agent-' || lpad(((g * 7 + 3) % 20)::text, 2, '0'),"
              + " (ARRAY['delegation','handoff','fallback','escalation'])[1 + ((g / 20) % 4)::int],"
              + " 'needs the next agent', NULL";
    };
  }
}
