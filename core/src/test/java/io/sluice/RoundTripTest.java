package io.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sluice.model.AgentTransformation;
import io.sluice.model.Event;
import io.sluice.model.EventKind;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingAlternative;
import io.sluice.model.RoutingDecision;
import io.sluice.model.SluiceConfig;
import io.sluice.model.TraceEvent;
import io.sluice.testing.PostgresExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every field of every kind, appended through the public API, drained through the spool, and read
 * back from PostgreSQL column by column. Also: the id column is the id {@code append} returned,
 * {@code recorded_at} is that UUIDv7's millisecond timestamp, and the row sits in that day's
 * partition.
 */
class RoundTripTest {
  /** Big decimals so 1E+400 and 4.9E-324 survive parsing on both sides. */
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  /** jsonb rewrites numbers (1e3 becomes 1000) and reorders keys: compare numbers by value. */
  private static final Comparator<JsonNode> SAME_VALUE =
      (a, b) ->
          a.isNumber() && b.isNumber()
              ? a.decimalValue().compareTo(b.decimalValue())
              : a.equals(b) ? 0 : 1;

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;

  @Test
  void traceEvents_everyField_readBackEqual() throws Exception {
    assertRows(appendAndDrain(RoundTripSamples.traceEvents()));
  }

  @Test
  void routingDecisions_everyField_readBackEqual() throws Exception {
    assertRows(appendAndDrain(RoundTripSamples.routingDecisions()));
  }

  @Test
  void performanceMetrics_everyField_readBackEqual() throws Exception {
    assertRows(appendAndDrain(RoundTripSamples.performanceMetrics()));
  }

  @Test
  void transformations_everyField_readBackEqual() throws Exception {
    assertRows(appendAndDrain(RoundTripSamples.transformations()));
  }

  @Test
  void allKinds_interleavedInOneBatch_eachRowInItsTable() throws Exception {
    List<List<Event>> kinds =
        List.of(
            RoundTripSamples.traceEvents(),
            RoundTripSamples.routingDecisions(),
            RoundTripSamples.performanceMetrics(),
            RoundTripSamples.transformations());
    List<Event> interleaved = new ArrayList<>();
    for (int i = 0; interleaved.size() < kinds.stream().mapToInt(List::size).sum(); i++) {
      for (List<Event> k : kinds) {
        if (i < k.size()) {
          interleaved.add(k.get(i));
        }
      }
    }
    assertRows(appendAndDrain(interleaved));
  }

  private Map<UUID, Event> appendAndDrain(List<Event> events) {
    SluiceConfig config =
        SluiceConfig.builder()
            .spoolDirectory(tmp.resolve("spool"))
            .database(postgres.database())
            .flushInterval(Duration.ofMillis(20))
            .build();
    Map<UUID, Event> appended = new LinkedHashMap<>();
    try (Sluice sluice = Sluice.start(config)) {
      for (Event e : events) {
        UUID id = sluice.append(e);
        assertEquals(7, id.version(), "append returns a UUIDv7");
        assertNull(appended.put(id, e), "append returned the same id twice: " + id);
      }
      assertTrue(
          sluice.awaitDrained(Duration.ofSeconds(60)), () -> "not drained: " + sluice.status());
      assertEquals(events.size(), sluice.status().committed());
    }
    return appended;
  }

  /** Checks that each table holds exactly the appended events of its kind, every column equal. */
  private void assertRows(Map<UUID, Event> appended) throws SQLException {
    try (Connection c = postgres.connect();
        Statement st = c.createStatement()) {
      st.execute("SET TIME ZONE 'UTC'");
      for (EventKind kind : EventKind.values()) {
        Set<UUID> expected =
            appended.entrySet().stream()
                .filter(e -> e.getValue().kind() == kind)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        Set<UUID> seen = new HashSet<>();
        String sql =
            "SELECT t.*, p.relname AS partition FROM agent_observability."
                + kind.tableName()
                + " t JOIN pg_class p ON p.oid = t.tableoid";
        try (ResultSet rs = st.executeQuery(sql)) {
          while (rs.next()) {
            UUID id = rs.getObject("id", UUID.class);
            Event event = appended.get(id);
            assertNotNull(
                event, kind.tableName() + " holds id " + id + ", which append never returned");
            assertTrue(seen.add(id), kind.tableName() + " holds id " + id + " twice");
            assertCommonColumns(kind, id, event, rs);
            assertKindColumns(event, rs);
          }
        }
        assertEquals(expected, seen, "ids in " + kind.tableName());
      }
    }
  }

  private static void assertCommonColumns(EventKind kind, UUID id, Event event, ResultSet rs)
      throws SQLException {
    Instant recordedAt = Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16);
    assertEquals(recordedAt, instant(rs, "recorded_at"), "recorded_at is the UUIDv7 time of " + id);
    assertEquals(event.occurredAt(), instant(rs, "occurred_at"), "occurred_at of " + id);
    LocalDate day = LocalDate.ofInstant(recordedAt, ZoneOffset.UTC);
    assertEquals(
        kind.tableName() + "_p" + DAY.format(day), rs.getString("partition"), "partition of " + id);
  }

  private static void assertKindColumns(Event event, ResultSet rs) throws SQLException {
    if (event instanceof TraceEvent t) {
      assertEquals(t.traceId(), rs.getString("trace_id"));
      assertEquals(t.eventType(), rs.getString("event_type"));
      assertEquals(t.level().name(), rs.getString("level"));
      assertEquals(t.message(), rs.getString("message"));
      assertEquals(t.agentName(), rs.getString("agent_name"));
      assertEquals(t.taskId(), rs.getString("task_id"));
      assertSameJson(t.metadata(), rs.getString("metadata"), "metadata");
    } else if (event instanceof RoutingDecision r) {
      assertEquals(r.userRequest(), rs.getString("user_request"));
      assertEquals(r.selectedAgent(), rs.getString("selected_agent"));
      assertSameBits(r.confidenceScore(), rs.getDouble("confidence_score"), "confidence_score");
      assertAlternatives(r.alternatives(), rs.getString("alternatives"));
      assertEquals(r.reasoning(), rs.getString("reasoning"));
      assertEquals(r.routingStrategy(), rs.getString("routing_strategy"));
    } else if (event instanceof PerformanceMetric m) {
      assertEquals(m.metricName(), rs.getString("metric_name"));
      assertSameBits(m.metricValue(), rs.getDouble("metric_value"), "metric_value");
      assertEquals(m.metricType(), rs.getString("metric_type"));
      assertEquals(m.component(), rs.getString("component"));
      assertSameJson(m.tags(), rs.getString("tags"), "tags");
    } else if (event instanceof AgentTransformation x) {
      assertEquals(x.sourceAgent(), rs.getString("source_agent"));
      assertEquals(x.targetAgent(), rs.getString("target_agent"));
      assertEquals(x.transformationType(), rs.getString("transformation_type"));
      assertEquals(x.reason(), rs.getString("reason"));
      assertSameJson(x.context(), rs.getString("context"), "context");
    }
  }

  /** The stored array lists the alternatives in order, each exactly {agent, confidence}. */
  private static void assertAlternatives(List<RoutingAlternative> expected, String stored) {
    JsonNode array = parse(stored);
    assertTrue(array.isArray(), "alternatives is a JSON array: " + stored);
    assertEquals(expected.size(), array.size(), "number of alternatives");
    for (int i = 0; i < expected.size(); i++) {
      JsonNode node = array.get(i);
      assertEquals(Set.of("agent", "confidence"), fieldNames(node), "keys of alternative " + i);
      assertEquals(
          expected.get(i).agent(), node.get("agent").textValue(), "agent of alternative " + i);
      assertTrue(
          node.get("confidence").isNumber(), "confidence of alternative " + i + " is a number");
      assertSameBits(
          expected.get(i).confidence(), node.get("confidence").doubleValue(), "confidence " + i);
    }
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new HashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static void assertSameJson(String expected, String stored, String column) {
    if (expected == null) {
      assertNull(stored, column + " of an event without it is NULL");
      return;
    }
    assertNotNull(stored, column + " is NULL but the event had one");
    JsonNode want = parse(expected);
    JsonNode got = parse(stored);
    if (!want.equals(SAME_VALUE, got)) {
      fail(
          column
              + " differs: appended "
              + abbreviate(expected)
              + " but stored "
              + abbreviate(stored));
    }
  }

  private static void assertSameBits(double expected, double actual, String what) {
    assertEquals(
        Double.doubleToRawLongBits(expected),
        Double.doubleToRawLongBits(actual),
        () -> what + ": appended " + expected + " but stored " + actual);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + abbreviate(json), e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "… (" + s.length() + " chars)";
  }
}
