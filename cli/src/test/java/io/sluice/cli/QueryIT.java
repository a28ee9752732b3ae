package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.Sluice;
import io.sluice.model.AgentTransformation;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.Event;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingDecision;
import io.sluice.model.SluiceConfig;
import io.sluice.model.TraceEvent;
import io.sluice.model.TraceLevel;
import io.sluice.testing.PostgresExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice query} as a real process, against events Sluice itself drained into PostgreSQL once
 * for the class: traces (t-1: 5 by planner; t-2: 25 by coder, 5 of them ERROR), 10 routing
 * decisions by planner (confidence 0.1 to 1.0), 20 metrics (values 1 to 20), 6 hand-overs.
 */
class QueryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path tmp;
  private static DatabaseConfig db;

  @BeforeAll
  static void drainSamples() throws Exception {
    db = PostgresExtension.createDatabase();
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      events.add(trace("t-1", "planner", TraceLevel.INFO, "plan step " + i));
    }
    for (int i = 0; i < 25; i++) {
      TraceLevel level = i % 5 == 0 ? TraceLevel.ERROR : TraceLevel.INFO;
      events.add(trace("t-2", "coder", level, "code " + i));
    }
    for (int i = 1; i <= 10; i++) {
      events.add(
          RoutingDecision.builder()
              .userRequest("fix the build " + i)
              .selectedAgent("planner")
              .confidenceScore(i / 10.0)
              .routingStrategy(i % 2 == 0 ? "semantic" : "keyword")
              .build());
    }
    for (int i = 1; i <= 20; i++) {
      events.add(
          PerformanceMetric.builder()
              .metricName("latency_ms")
              .metricValue(i)
              .metricType("gauge")
              .component("router")
              .build());
    }
    for (int i = 0; i < 6; i++) {
      events.add(
          AgentTransformation.builder()
              .sourceAgent(i < 4 ? "planner" : "coder")
              .targetAgent(i < 4 ? "coder" : "reviewer")
              .transformationType(i < 4 ? "delegation" : "handoff")
              .reason("step " + i)
              .build());
    }
    SluiceConfig config =
        SluiceConfig.builder().spoolDirectory(tmp.resolve("spool")).database(db).build();
    try (Sluice sluice = Sluice.start(config)) {
      for (Event e : events) {
        sluice.append(e);
      }
      assertTrue(sluice.awaitDrained(Duration.ofSeconds(60)), "the samples did not drain");
    }
  }

  private static TraceEvent trace(String traceId, String agent, TraceLevel level, String message) {
    return TraceEvent.builder()
        .traceId(traceId)
        .eventType("tool_call")
        .level(level)
        .message(message)
        .agentName(agent)
        .metadata("{\"step\": 1}")
        .build();
  }

  private static Launcher.Result sluice(String... args) throws Exception {
    return new Launcher(tmp).database(db).run(args);
  }

  private static List<JsonNode> jsonLines(Launcher.Result r) throws Exception {
    assertEquals(0, r.exitCode(), r::toString);
    List<JsonNode> rows = new ArrayList<>();
    for (String line : r.stdout().lines().filter(l -> !l.isBlank()).toList()) {
      rows.add(JSON.readTree(line));
    }
    return rows;
  }

  /** The {"next_cursor": ...} line on stderr, or null when the page was the last. */
  private static String nextCursor(Launcher.Result r) throws Exception {
    for (String line : r.stderrLines()) {
      if (line.startsWith("{\"next_cursor\"")) {
        return JSON.readTree(line).get("next_cursor").asText();
      }
    }
    return null;
  }

  @Test
  void traces_byTraceId_printsATableOfThatTraceOnly() throws Exception {
    Launcher.Result r = sluice("query", "traces", "--trace-id", "t-1");

    assertEquals(0, r.exitCode(), r::toString);
    List<String> lines = r.stdout().lines().toList();
    assertEquals(6, lines.size(), r::toString); // header + 5 events
    assertTrue(lines.get(0).startsWith("RECORDED (UTC)"), r::toString);
    assertTrue(
        lines.stream().skip(1).allMatch(l -> l.contains(" t-1 ") && l.contains("planner")),
        r::toString);
    assertTrue(r.stderr().contains("5 trace events, newest first; no more."), r::toString);
  }

  @Test
  void traces_json_byAgentAndLevel_printsEveryFieldOfEachMatch() throws Exception {
    List<JsonNode> rows =
        jsonLines(sluice("query", "traces", "--agent", "coder", "--level", "error", "--json"));

    assertEquals(5, rows.size());
    for (JsonNode n : rows) {
      List<String> keys = new ArrayList<>();
      n.fieldNames().forEachRemaining(keys::add);
      assertEquals(
          List.of(
              "id",
              "kind",
              "recorded_at",
              "occurred_at",
              "trace_id",
              "event_type",
              "level",
              "message",
              "agent_name",
              "task_id",
              "metadata"),
          keys);
      assertEquals("trace", n.get("kind").asText());
      assertEquals("ERROR", n.get("level").asText());
      assertEquals("t-2", n.get("trace_id").asText());
      assertEquals(1, n.get("metadata").get("step").asInt(), n::toString);
      assertTrue(n.get("recorded_at").asText().endsWith("Z"), n::toString);
    }
  }

  @Test
  void traces_pagedWithTheCursor_returnEachEventOnceNewestFirst() throws Exception {
    List<String> ids = new ArrayList<>();
    List<String> times = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      List<String> args =
          new ArrayList<>(
              List.of("query", "traces", "--agent", "coder", "--limit", "10", "--json"));
      if (cursor != null) {
        args.addAll(List.of("--cursor", cursor));
      }
      Launcher.Result r = sluice(args.toArray(String[]::new));
      for (JsonNode n : jsonLines(r)) {
        ids.add(n.get("id").asText());
        times.add(n.get("recorded_at").asText());
      }
      cursor = nextCursor(r);
      pages++;
    } while (cursor != null && pages < 10);

    assertEquals(3, pages); // 10 + 10 + 5
    assertEquals(25, ids.size());
    assertEquals(25, new HashSet<>(ids).size(), "an event came twice");
    List<String> newestFirst = new ArrayList<>(times);
    newestFirst.sort(java.util.Comparator.reverseOrder());
    assertEquals(newestFirst, times);
  }

  @Test
  void routing_bySelectedAgentAndMinConfidence_printsOnlyConfidentDecisions() throws Exception {
    List<JsonNode> rows =
        jsonLines(
            sluice(
                "query",
                "routing",
                "--selected-agent",
                "planner",
                "--min-confidence",
                "0.5",
                "--since",
                "1h",
                "--json"));

    assertEquals(6, rows.size()); // 0.5 .. 1.0
    rows.forEach(n -> assertTrue(n.get("confidence_score").asDouble() >= 0.5, n::toString));
    assertEquals("routing", rows.get(0).get("kind").asText());
    assertTrue(rows.get(0).has("alternatives"), rows.get(0)::toString);
  }

  @Test
  void routing_byStrategy_printsATable() throws Exception {
    Launcher.Result r = sluice("query", "routing", "--strategy", "semantic");

    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(6, r.stdout().lines().count(), r::toString); // header + 5
    assertFalse(r.stdout().contains("keyword"), r::toString);
  }

  @Test
  void metrics_byName_andBuckets_giveValuesAndStatistics() throws Exception {
    List<JsonNode> rows =
        jsonLines(sluice("query", "metrics", "--metric", "latency_ms", "--limit", "100", "--json"));
    assertEquals(20, rows.size());
    assertEquals("router", rows.get(0).get("component").asText());

    List<JsonNode> buckets =
        jsonLines(
            sluice(
                "query",
                "metrics",
                "--metric",
                "latency_ms",
                "--since",
                "1d",
                "--buckets",
                "2d",
                "--json"));
    assertEquals(1, buckets.size(), buckets::toString);
    JsonNode b = buckets.get(0);
    assertEquals(20, b.get("count").asLong());
    assertEquals(10.5, b.get("avg").asDouble(), 1e-9);
    // From the rollups (whole minutes up to the end of this one): within 1 % of the 10th smallest.
    assertEquals(10, b.get("p50").asDouble(), 0.1);
    assertEquals(20, b.get("max").asDouble(), 1e-9);
  }

  @Test
  void transformations_bySourceAndByType_printOnlyThoseHandOvers() throws Exception {
    List<JsonNode> bySource =
        jsonLines(sluice("query", "transformations", "--source", "planner", "--json"));
    assertEquals(4, bySource.size());
    bySource.forEach(n -> assertEquals("coder", n.get("target_agent").asText()));

    List<JsonNode> byType =
        jsonLines(
            sluice(
                "query", "transformations", "--type", "handoff", "--target", "reviewer", "--json"));
    assertEquals(2, byType.size());
    assertNull(nextCursor(sluice("query", "transformations", "--json")));
  }

  @Test
  void traces_withABadLevelOrRange_printOneLineAndExit2() throws Exception {
    Launcher.Result level = sluice("query", "traces", "--level", "loud");
    assertEquals(2, level.exitCode(), level::toString);
    assertEquals(1, level.stderrLines().size(), level::toString);
    assertTrue(level.stderr().contains("--level is \"loud\""), level::toString);

    Launcher.Result range = sluice("query", "traces", "--from", "1h", "--to", "2h");
    assertEquals(2, range.exitCode(), range::toString);
    assertTrue(range.stderr().contains("expected from before to"), range::toString);
    Set<String> none = Set.of();
    assertEquals(none, Set.copyOf(range.stdout().lines().filter(l -> !l.isBlank()).toList()));
  }
}
