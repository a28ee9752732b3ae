package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.Sluice;
import io.sluice.model.SluiceConfig;
import io.sluice.model.TraceEvent;
import io.sluice.testing.PostgresExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice retention apply} as a real process, on a database holding two expired partitions
 * (trace and routing, 2020-01-01: 3 and 2 rows) and a trace partition of 10 days ago (kept: trace
 * retention is 30 days).
 */
class RetentionIT {
  private static final String SCHEMA = "agent_observability.";
  private static final LocalDate RECENT = LocalDate.now(ZoneOffset.UTC).minusDays(10);
  private static final String RECENT_TRACES = "trace_events_p" + RECENT.toString().replace("-", "");

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;

  @BeforeEach
  void expiredPartitions() throws Exception {
    SluiceConfig config =
        SluiceConfig.builder()
            .spoolDirectory(tmp.resolve("spool"))
            .database(postgres.database())
            .build();
    try (Sluice sluice = Sluice.start(config)) { // creates the schema
      sluice.append(TraceEvent.builder().traceId("t").eventType("e").build());
      assertTrue(sluice.awaitDrained(Duration.ofSeconds(60)));
    }
    try (Connection c = postgres.connect();
        Statement st = c.createStatement()) {
      partition(st, "trace_events", "trace_events_p20200101", LocalDate.of(2020, 1, 1));
      partition(st, "routing_decisions", "routing_decisions_p20200101", LocalDate.of(2020, 1, 1));
      partition(st, "trace_events", RECENT_TRACES, RECENT);
      traces(st, LocalDate.of(2020, 1, 1), 3);
      traces(st, RECENT, 4);
      st.execute(
          "INSERT INTO "
              + SCHEMA
              + "routing_decisions SELECT gen_random_uuid(),"
              + " timestamptz '2020-01-01 12:00:00+00', now(), 'r', 'a', 0.5, '[]', NULL, 's'"
              + " FROM generate_series(1, 2)");
    }
  }

  private static void partition(Statement st, String parent, String name, LocalDate day)
      throws Exception {
    st.execute(
        "CREATE TABLE IF NOT EXISTS "
            + SCHEMA
            + name
            + " PARTITION OF "
            + SCHEMA
            + parent
            + " FOR VALUES FROM ('"
            + day
            + " 00:00:00+00')"
            + " TO ('"
            + day.plusDays(1)
            + " 00:00:00+00')");
  }

  private static void traces(Statement st, LocalDate day, int rows) throws Exception {
    st.execute(
        "INSERT INTO "
            + SCHEMA
            + "trace_events (id, recorded_at, occurred_at, trace_id,"
            + " event_type, level, message) SELECT gen_random_uuid(), timestamptz '"
            + day
            + " 12:00:00+00', now(), 't', 'e', 'INFO', 'm' FROM generate_series(1, "
            + rows
            + ")");
  }

  private List<String> tables() throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = postgres.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT relname FROM pg_class WHERE relname LIKE '%_p20%'"
                    + " AND relkind = 'r' ORDER BY 1")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private Launcher sluice() {
    return new Launcher(tmp).database(postgres.database());
  }

  @Test
  void apply_dryRun_listsExpiredPartitionsWithRowsAndChangesNothing() throws Exception {
    List<String> before = tables();

    Launcher.Result r = sluice().run("retention", "apply", "--dry-run");

    assertEquals(0, r.exitCode(), r::toString);
    List<String> lines = r.stdout().lines().toList();
    assertTrue(lines.get(0).startsWith("Retention: trace 30 d, routing 90 d"), r::toString);
    assertTrue(
        lines.stream()
            .anyMatch(
                l ->
                    l.matches(
                        "would remove\\s+routing_decisions_p20200101\\s+routing\\s+2020-01-01\\s+2")),
        r::toString);
    assertTrue(
        lines.stream()
            .anyMatch(
                l ->
                    l.matches(
                        "would remove\\s+trace_events_p20200101\\s+trace\\s+2020-01-01\\s+3")),
        r::toString);
    assertFalse(r.stdout().contains(RECENT_TRACES), r::toString);
    assertTrue(
        r.stdout().contains("Would remove 2 partitions, 5 rows; nothing changed (dry run)."),
        r::toString);
    assertEquals(before, tables());
  }

  @Test
  void apply_json_removesOnlyExpiredPartitionsAndReportsThem() throws Exception {
    Launcher.Result r = sluice().run("retention", "apply", "--json");

    assertEquals(0, r.exitCode(), r::toString);
    JsonNode report = r.json();
    assertFalse(report.get("dry_run").asBoolean());
    assertEquals(2, report.get("removed").size(), r::toString);
    assertEquals(5, report.get("rows_removed").asLong(), r::toString);
    JsonNode first = report.get("removed").get(0);
    assertEquals("trace", first.get("kind").asText(), r::toString);
    assertEquals("trace_events_p20200101", first.get("partition").asText());
    assertEquals("2020-01-01", first.get("day").asText());
    assertEquals(3, first.get("rows").asLong());
    assertFalse(report.get("partitions_ready_through").isNull(), r::toString);
    List<String> after = tables();
    assertFalse(after.contains("trace_events_p20200101"), after::toString);
    assertFalse(after.contains("routing_decisions_p20200101"), after::toString);
    assertTrue(after.contains(RECENT_TRACES), after::toString);
  }

  @Test
  void apply_unreachableDatabase_printsTheErrorAndExits1() throws Exception {
    Launcher.Result r =
        new Launcher(tmp)
            .env("SLUICE_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/nowhere")
            .env("POSTGRES_USER", "app")
            .run("retention", "apply");

    assertEquals(1, r.exitCode(), r::toString);
    assertEquals(1, r.stderrLines().size(), r::toString);
    assertTrue(r.stderr().contains("retention cannot reach PostgreSQL"), r::toString);
  }
}
