package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.Sluice;
import io.sluice.inspect.DeadLetters;
import io.sluice.inspect.ReplayLog;
import io.sluice.internal.ops.StatusFile;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.SluiceConfig;
import io.sluice.model.TraceEvent;
import io.sluice.testing.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice dlq} as real processes on dead letters a real drainer made: metrics PostgreSQL
 * refused with SQLSTATE 23514 because of a CHECK constraint added for the test.
 */
class DlqIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONSTRAINT = "metric_value_below_1000";

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;

  private final List<UUID> rejected = new ArrayList<>();

  private Path spool() {
    return tmp.resolve("spool");
  }

  private Launcher sluice() {
    return new Launcher(tmp).database(postgres.database());
  }

  private Launcher.Result dlq(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("dlq"));
    all.addAll(List.of(args));
    all.addAll(List.of("--spool", spool().toString()));
    return sluice().run(all.toArray(String[]::new));
  }

  private static List<JsonNode> jsonLines(Launcher.Result r) throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : r.stdout().lines().filter(l -> !l.isBlank()).toList()) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  /** Three metrics over 1000 become dead letters (23514); two others land. */
  @BeforeEach
  void rejectedMetrics() throws Exception {
    SluiceConfig config =
        SluiceConfig.builder().spoolDirectory(spool()).database(postgres.database()).build();
    try (Sluice sluice = Sluice.start(config)) {
      sluice.append(TraceEvent.builder().traceId("warm-up").eventType("schema").build());
      assertTrue(sluice.awaitDrained(WAIT), "the first batch creates the schema");
      sql(
          "ALTER TABLE agent_observability.performance_metrics ADD CONSTRAINT "
              + CONSTRAINT
              + " CHECK (metric_value < 1000)");
      for (int i = 0; i < 5; i++) {
        UUID id = sluice.append(metric(i % 2 == 0 ? 5000 + i : i));
        if (i % 2 == 0) {
          rejected.add(id);
        }
      }
      assertTrue(sluice.awaitDrained(WAIT), "rejected rows are set aside, the rest lands");
    }
  }

  private static PerformanceMetric metric(double value) {
    return PerformanceMetric.builder().metricName("tokens").metricValue(value).build();
  }

  private void sql(String statement) throws Exception {
    try (Connection c = postgres.connect();
        Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }

  private Set<String> ids(List<JsonNode> letters) {
    Set<String> ids = new TreeSet<>();
    letters.forEach(l -> ids.add(l.get("id").asText()));
    return ids;
  }

  private Set<String> rejectedIds() {
    Set<String> ids = new TreeSet<>();
    rejected.forEach(id -> ids.add(id.toString()));
    return ids;
  }

  @Test
  void dlqList_json_showsEachRejectedEventWithReasonSqlstateAndAttempts() throws Exception {
    Launcher.Result r = dlq("list", "--json");

    assertEquals(0, r.exitCode(), r::toString);
    List<JsonNode> letters = jsonLines(r);
    assertEquals(3, letters.size(), r::toString);
    assertEquals(rejectedIds(), ids(letters));
    for (JsonNode l : letters) {
      assertEquals("rejected", l.get("reason").asText(), r::toString);
      assertEquals("23514", l.get("sqlstate").asText(), r::toString);
      assertTrue(l.get("message").asText().contains(CONSTRAINT), r::toString);
      assertTrue(l.get("attempts").asInt() >= 1, r::toString);
      assertEquals("metric", l.get("kind").asText(), r::toString);
      assertFalse(l.get("replayed").asBoolean(), r::toString);
    }
    Launcher.Result table = dlq("list");
    assertTrue(table.stdout().contains("23514"), table::toString);
    assertTrue(table.stdout().contains("3 of 3 dead letters"), table::toString);
  }

  @Test
  void dlqShow_oneIndex_printsTheLetterAndItsDecodedEvent() throws Exception {
    JsonNode first = jsonLines(dlq("list", "--json")).get(0);

    Launcher.Result r = dlq("show", first.get("index").asText(), "--json");

    assertEquals(0, r.exitCode(), r::toString);
    JsonNode event = r.json().get("event");
    assertEquals(rejected.get(0).toString(), event.get("id").asText(), r::toString);
    assertEquals(5000.0, event.get("metric_value").asDouble(), r::toString);
    assertEquals("23514", r.json().get("sqlstate").asText(), r::toString);
    Launcher.Result missing = dlq("show", "12345");
    assertEquals(1, missing.exitCode(), missing::toString);
  }

  @Test
  void dlqReplay_afterTheFix_landsEachEventOnceAndASecondReplaySkipsThem() throws Exception {
    sql("ALTER TABLE agent_observability.performance_metrics DROP CONSTRAINT " + CONSTRAINT);

    Launcher.Result first = dlq("replay", "--sqlstate", "23514");
    Launcher.Result second = dlq("replay", "--sqlstate", "23514");
    Launcher.Result drain =
        sluice().run("drain", "--until-empty", "--timeout", "60s", "--spool", spool().toString());

    assertEquals(0, first.exitCode(), first::toString);
    assertEquals(3, first.json().get("replayed").asInt(), first::toString);
    assertEquals(0, second.json().get("replayed").asInt(), second::toString);
    assertEquals(3, second.json().get("already_replayed").asInt(), second::toString);
    assertEquals(0, drain.exitCode(), drain::toString);
    for (UUID id : rejected) {
      assertEquals(1, rowsWithId(id), "row for " + id);
    }
    List<JsonNode> letters = jsonLines(dlq("list", "--json"));
    letters.forEach(l -> assertTrue(l.get("replayed").asBoolean(), l.toString()));
  }

  private long rowsWithId(UUID id) throws Exception {
    try (Connection c = postgres.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM agent_observability.performance_metrics WHERE id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void dlqReplay_dryRun_appendsNothing() throws Exception {
    long records = SpoolFixtures.indexes(spool()).size();

    Launcher.Result r = dlq("replay", "--all", "--dry-run");

    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(3, r.json().get("would_replay").asInt(), r::toString);
    assertEquals(records, SpoolFixtures.indexes(spool()).size());
    assertFalse(Files.exists(DeadLetters.folder(spool()).resolve(ReplayLog.FILE_NAME)));
  }

  @Test
  void dlqReplay_withoutASelection_isAUsageErrorExit2() throws Exception {
    Launcher.Result r = dlq("replay");

    assertEquals(2, r.exitCode(), r::toString);
    assertEquals(1, r.stderrLines().size(), r::toString);
  }

  @Test
  void dlqPurge_withoutYes_deletesNothingAndExits2_withYes_deletesOnlyTheSelected()
      throws Exception {
    String replayedIndex = jsonLines(dlq("list", "--json")).get(0).get("index").asText();
    assertEquals(0, dlq("replay", "--index", replayedIndex).exitCode());

    Launcher.Result preview = dlq("purge", "--replayed");
    Launcher.Result purge = dlq("purge", "--replayed", "--yes");

    assertEquals(2, preview.exitCode(), preview::toString);
    assertEquals(1, preview.stderrLines().size(), preview::toString);
    assertTrue(preview.stderr().contains("Would delete 1 of 3"), preview::toString);
    assertEquals(0, purge.exitCode(), purge::toString);
    assertEquals(1, purge.json().get("purged").asInt(), purge::toString);
    List<JsonNode> left = jsonLines(dlq("list", "--json"));
    assertEquals(2, left.size());
    left.forEach(l -> assertFalse(l.get("index").asText().equals(replayedIndex), l.toString()));
    left.forEach(l -> assertEquals("23514", l.get("sqlstate").asText(), l.toString()));
  }

  @Test
  void dlqPurge_whileALiveDrainerRuns_isRefusedAndDeletesNothing() throws Exception {
    try (Background drainer =
        Background.start(
            tmp,
            Background.databaseEnv(postgres.database()),
            "drain",
            "--spool",
            spool().toString())) {
      Path published = StatusFile.fileFor(spool(), drainer.pid());
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!Files.exists(published) && System.nanoTime() - deadline < 0) {
        Thread.sleep(50);
      }

      Launcher.Result r = dlq("purge", "--all", "--yes");

      assertEquals(1, r.exitCode(), r::toString);
      assertTrue(r.stderr().contains("while process " + drainer.pid()), r::toString);
      assertEquals(3, jsonLines(dlq("list", "--json")).size());
    }
  }
}
