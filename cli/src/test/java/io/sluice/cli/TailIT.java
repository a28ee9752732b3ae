package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testing.PostgresExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice tail} as a real process, on stopped spools and on spools being written. */
class TailIT {
  /** A safety net for background work, never a timing assertion. */
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;

  private Path spool() {
    return tmp.resolve("spool");
  }

  private Launcher.Result tail(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("tail", "--spool", spool().toString()));
    all.addAll(List.of(args));
    return new Launcher(tmp).run(all.toArray(String[]::new));
  }

  private static List<JsonNode> jsonLines(Launcher.Result r) throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : r.stdout().lines().filter(l -> !l.isBlank()).toList()) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  @Test
  void tail_withoutAStartOption_printsTheLastTenEventsLikeTail() throws Exception {
    List<UUID> ids = SpoolFixtures.append(spool(), SpoolFixtures.traces("t", 25));

    Launcher.Result r = tail("--json");

    assertEquals(0, r.exitCode(), r::toString);
    List<JsonNode> events = jsonLines(r);
    assertEquals(10, events.size(), r::toString);
    for (int i = 0; i < 10; i++) {
      assertEquals(ids.get(15 + i).toString(), events.get(i).get("id").asText(), r::toString);
    }
  }

  @Test
  void tail_table_showsOneReadableLinePerEventUnderAHeader() throws Exception {
    SpoolFixtures.append(spool(), SpoolFixtures.mixed(1));

    Launcher.Result r = tail();

    assertEquals(0, r.exitCode(), r::toString);
    List<String> lines = r.stdout().lines().toList();
    assertEquals(5, lines.size(), r::toString);
    assertTrue(lines.get(0).startsWith("INDEX"), r::toString);
    assertTrue(
        lines.get(1).contains("trace") && lines.get(1).contains("trace=trace-0"), r::toString);
    assertTrue(lines.get(3).contains("latency_ms="), r::toString);
    assertTrue(lines.get(4).contains("planner -> coder"), r::toString);
  }

  @Test
  void tail_filters_keepOnlyMatchingEvents() throws Exception {
    SpoolFixtures.append(spool(), SpoolFixtures.mixed(3));
    SpoolFixtures.append(spool(), SpoolFixtures.traces("other", 2));

    List<JsonNode> metrics = jsonLines(tail("--json", "--kind", "metric", "--limit", "100"));
    List<JsonNode> trace1 = jsonLines(tail("--json", "--trace-id", "trace-1", "--from-index", "0"));
    List<JsonNode> reviewer = jsonLines(tail("--json", "--agent", "reviewer", "--since", "1d"));
    List<JsonNode> future = jsonLines(tail("--json", "--since", "2999-01-01T00:00:00Z"));

    assertEquals(3, metrics.size());
    metrics.forEach(m -> assertEquals("metric", m.get("kind").asText()));
    assertEquals(1, trace1.size());
    assertEquals("trace-1", trace1.get(0).get("trace_id").asText());
    assertEquals(3, reviewer.size()); // the metrics' component
    assertEquals(0, future.size());
  }

  @Test
  void tail_fromIndex_startsAtThatIndexAndStopsAtTheLimit() throws Exception {
    SpoolFixtures.append(spool(), SpoolFixtures.traces("t", 12));
    List<Long> indexes = SpoolFixtures.indexes(spool());

    List<JsonNode> events =
        jsonLines(tail("--json", "--from-index", "" + indexes.get(4), "--limit", "3"));

    assertEquals(3, events.size());
    assertEquals(indexes.get(4).longValue(), events.get(0).get("index").asLong());
    assertEquals(indexes.get(6).longValue(), events.get(2).get("index").asLong());
  }

  @Test
  void tail_pendingOnly_showsOnlyEventsAfterTheCheckpoint() throws Exception {
    SpoolFixtures.append(spool(), SpoolFixtures.traces("committed", 6));
    Launcher db = new Launcher(tmp).database(postgres.database());
    Launcher.Result drain =
        db.run("drain", "--until-empty", "--timeout", "60s", "--spool", spool().toString());
    assertEquals(0, drain.exitCode(), drain::toString);
    List<UUID> pending = SpoolFixtures.append(spool(), SpoolFixtures.traces("pending", 3));

    Launcher.Result r = db.run("tail", "--pending-only", "--json", "--spool", spool().toString());

    assertEquals(0, r.exitCode(), r::toString);
    List<JsonNode> events = jsonLines(r);
    assertEquals(3, events.size(), r::toString);
    for (int i = 0; i < 3; i++) {
      assertEquals(pending.get(i).toString(), events.get(i).get("id").asText());
    }
  }

  @Test
  void tail_pendingOnlyWithoutADatabase_isAUsageErrorExit2() throws Exception {
    SpoolFixtures.append(spool(), SpoolFixtures.traces("t", 1));

    Launcher.Result r = tail("--pending-only");

    assertEquals(2, r.exitCode(), r::toString);
    assertEquals(1, r.stderrLines().size(), r::toString);
    assertTrue(r.stderr().contains("--pending-only needs the checkpoint"), r::toString);
  }

  @Test
  void tailFollow_whileThisProcessAppends_printsTheNewEvents() throws Exception {
    SpoolFixtures.append(spool(), SpoolFixtures.traces("before", 2));
    try (Background tail =
        Background.start(
            tmp, Map.of(), "tail", "-f", "--trace-id", "live", "--spool", spool().toString())) {
      // The header is printed once the spool is open: what is appended from now on is "new".
      tail.awaitStdout("the header", WAIT, lines -> !lines.isEmpty());
      SpoolFixtures.append(spool(), SpoolFixtures.traces("live", 3));

      List<String> lines =
          tail.awaitStdout(
              "3 new events",
              WAIT,
              l -> l.stream().filter(x -> x.contains("trace=live")).count() == 3);

      assertEquals(4, lines.size(), String.join("\n", lines)); // header + 3, nothing from before
      assertTrue(tail.isAlive(), "-f keeps following");
      assertTrue(lines.get(3).contains(" \"step 2\""), String.join("\n", lines));
    }
  }

  @Test
  void tailFollow_andStatus_onASpoolAnotherSluiceProcessLoads_seeItsEventsAndItsState()
      throws Exception {
    SpoolFixtures.append(spool(), SpoolFixtures.traces("seed", 1));
    // The writer starts once tail has shown the seed: tail starts with the last 10 events, and a
    // writer that starts first can append more than that before tail reads.
    try (Background tail =
        Background.start(tmp, Map.of(), "tail", "-f", "--json", "--spool", spool().toString())) {
      int before = tail.awaitStdout("the seed event", WAIT, l -> !l.isEmpty()).size();
      try (Background load =
          Background.start(
              tmp,
              Map.of(),
              "load",
              "--events",
              "1000000",
              "--rate",
              "200",
              "--spool",
              spool().toString())) {
        followAndStatus(tail, load, before);
      }
    }
  }

  private void followAndStatus(Background tail, Background load, int before) throws Exception {
    List<String> lines = tail.awaitStdout("20 more events", WAIT, l -> l.size() >= before + 20);
    Launcher.Result status =
        new Launcher(tmp).run("status", "--json", "--spool", spool().toString());

    assertTrue(load.isAlive(), "the writer was still appending");
    long seeds = lines.stream().filter(l -> l.contains("\"trace_id\":\"seed\"")).count();
    assertEquals(1, seeds, String.join("\n", lines));
    long first = JSON.readTree(lines.get(0)).get("index").asLong();
    assertTrue(JSON.readTree(lines.get(lines.size() - 1)).get("index").asLong() > first);
    JsonNode live = status.json().get("live_processes");
    assertEquals(1, live.size(), status::toString);
    assertEquals(load.pid(), live.get(0).get("pid").asLong(), status::toString);
    assertEquals("DISABLED", live.get(0).get("drain_state").asText(), status::toString);
  }
}
