package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.model.AgentTransformation;
import io.sluice.model.Event;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingDecision;
import io.sluice.model.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice dump} as a real process: lossless JSON lines, ranges, damaged records. */
class DumpIT {
  // Exact numbers: a double is compared by its bits, JSON numbers by their decimal text.
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final ObjectMapper PLAIN = new ObjectMapper(); // doubles as doubles: keeps -0.0

  @TempDir Path tmp;

  private Path spool() {
    return tmp.resolve("spool");
  }

  @Test
  void dump_everything_writesEachEventWithEveryFieldExactly() throws Exception {
    List<Event> events = SpoolFixtures.mixed(4);
    List<UUID> ids = SpoolFixtures.append(spool(), events);
    Path out = tmp.resolve("all.jsonl");

    Launcher.Result r =
        new Launcher(tmp).run("dump", "--spool", spool().toString(), "--out", out.toString());

    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(events.size(), r.json().get("events").asLong(), r::toString);
    List<String> lines = Files.readAllLines(out);
    assertEquals(events.size(), lines.size());
    for (int i = 0; i < events.size(); i++) {
      assertSameEvent(events.get(i), ids.get(i), lines.get(i));
    }
    assertTrue(lines.get(0).contains("\"metadata\":" + SpoolFixtures.TRICKY_JSON), lines.get(0));
    assertFalse(Files.exists(tmp.resolve("all.jsonl.partial")));
  }

  private static void assertSameEvent(Event e, UUID id, String line) throws Exception {
    JsonNode n = JSON.readTree(line);
    JsonNode doubles = PLAIN.readTree(line);
    assertEquals(id.toString(), n.get("id").asText(), line);
    assertEquals(e.occurredAt(), Instant.parse(n.get("occurred_at").asText()), line);
    assertEquals(
        Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16),
        Instant.parse(n.get("recorded_at").asText()),
        line);
    if (e instanceof TraceEvent t) {
      assertEquals(t.message(), n.get("message").asText(), line);
      assertEquals(t.taskId() == null, n.get("task_id").isNull(), line);
      assertEquals(JSON.readTree(t.metadata()), n.get("metadata"), line);
    } else if (e instanceof RoutingDecision d) {
      assertBits(d.confidenceScore(), doubles.get("confidence_score"), line);
      assertBits(
          d.alternatives().get(0).confidence(),
          doubles.get("alternatives").get(0).get("confidence"),
          line);
      assertTrue(n.get("reasoning").isNull(), line);
    } else if (e instanceof PerformanceMetric m) {
      assertBits(m.metricValue(), doubles.get("metric_value"), line);
      assertEquals(m.tags() == null, n.get("tags").isNull(), line);
    } else if (e instanceof AgentTransformation a) {
      assertEquals(a.reason(), n.get("reason").asText(), line);
      assertEquals(JSON.readTree(a.context()), n.get("context"), line);
    }
  }

  private static void assertBits(double expected, JsonNode actual, String line) {
    double read = Double.parseDouble(actual.asText());
    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(read), line);
  }

  @Test
  void dump_range_writesExactlyTheIndexesFromToInclusive() throws Exception {
    SpoolFixtures.append(spool(), SpoolFixtures.traces("t", 10));
    List<Long> indexes = SpoolFixtures.indexes(spool());

    Launcher.Result r =
        new Launcher(tmp)
            .run(
                "dump",
                "--spool",
                spool().toString(),
                "--from",
                "" + indexes.get(2),
                "--to",
                "" + indexes.get(5));

    assertEquals(0, r.exitCode(), r::toString);
    List<String> lines = r.stdout().lines().toList();
    assertEquals(4, lines.size(), r::toString);
    for (int i = 0; i < 4; i++) {
      assertEquals(
          indexes.get(2 + i).longValue(), JSON.readTree(lines.get(i)).get("index").asLong());
    }
  }

  @Test
  void dump_damagedFixture_keepsTheDamagedRecordsBytesAndExits1() throws Exception {
    DamagedSpoolFixture.extract(spool());
    Path out = tmp.resolve("damaged.jsonl");

    Launcher.Result r =
        new Launcher(tmp).run("dump", "--spool", spool().toString(), "--out", out.toString());

    assertEquals(1, r.exitCode(), r::toString);
    assertEquals(1, r.stderrLines().size(), r::toString);
    assertTrue(r.stderr().contains("2 damaged record(s)"), r::toString);
    List<String> lines = Files.readAllLines(out);
    assertEquals(DamagedSpoolFixture.RECORDS, lines.size());
    JsonNode crc = JSON.readTree(lines.get(DamagedSpoolFixture.CRC_DAMAGED_SEQ));
    assertTrue(crc.get("damaged").asText().contains("checksum mismatch"), crc.toString());
    assertArrayEquals(
        DamagedSpoolFixture.records().get(DamagedSpoolFixture.CRC_DAMAGED_SEQ),
        Base64.getDecoder().decode(crc.get("record_base64").asText()));
    assertEquals("record 9", JSON.readTree(lines.get(9)).get("message").asText());
  }

  @Test
  void dump_fromAfterTo_isAUsageErrorExit2() throws Exception {
    SpoolFixtures.append(spool(), SpoolFixtures.traces("t", 1));

    Launcher.Result r =
        new Launcher(tmp).run("dump", "--spool", spool().toString(), "--from", "9", "--to", "3");

    assertEquals(2, r.exitCode(), r::toString);
    assertEquals(1, r.stderrLines().size(), r::toString);
    assertTrue(r.stderr().contains("--from 9 is after --to 3"), r::toString);
  }
}
