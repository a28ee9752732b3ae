package io.sluice.cli.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.SpooledEvent;
import io.sluice.model.TraceEvent;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The JSON form of one event: lossless and one line. */
class EventJsonTest {
  private static final UUID ID = UUID.fromString("019a1c2d-5327-7fa6-a41c-731baef7e292");

  @Test
  void jsonField_withLineBreaksBetweenTokens_staysOnOneLineAndKeepsItsText() throws Exception {
    String metadata = "{\n  \"big\": 12345678901234567890123,\r\n  \"x\": 1E+400\n}";
    TraceEvent e = TraceEvent.builder().traceId("t").eventType("e").metadata(metadata).build();

    String line = EventJson.line(EventJson.of(7, new SpooledEvent(ID, e)));

    assertEquals(1, line.lines().count(), line);
    assertTrue(line.contains("\"big\": 12345678901234567890123,"), line);
    assertTrue(line.contains("\"x\": 1E+400"), line);
    assertEquals(7, new ObjectMapper().readTree(line).get("index").asLong());
  }

  @Test
  void times_haveMicroseconds_andDoublesReadBackExactly() throws Exception {
    Instant at = Instant.parse("1969-12-31T23:59:59.999999Z");
    double value = 0.1 + 0.2;
    PerformanceMetric m =
        PerformanceMetric.builder().metricName("m").metricValue(value).occurredAt(at).build();

    JsonNode n =
        new ObjectMapper().readTree(EventJson.line(EventJson.of(1, new SpooledEvent(ID, m))));

    assertEquals("1969-12-31T23:59:59.999999Z", n.get("occurred_at").asText());
    assertEquals(
        Double.doubleToRawLongBits(value),
        Double.doubleToRawLongBits(n.get("metric_value").asDouble()));
    assertEquals("metric", n.get("kind").asText());
    assertTrue(n.get("tags").isNull());
    assertEquals(ID.toString(), n.get("id").asText());
  }
}
