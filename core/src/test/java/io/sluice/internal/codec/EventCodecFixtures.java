package io.sluice.internal.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.sluice.model.AgentTransformation;
import io.sluice.model.Event;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingAlternative;
import io.sluice.model.RoutingDecision;
import io.sluice.model.SpooledEvent;
import io.sluice.model.TraceEvent;
import io.sluice.model.TraceLevel;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * What the codec tests share: sample events, the expected size of a record, and a fresh encoder and
 * decoder for each test (both keep state between calls, so no test sees another's).
 */
abstract class EventCodecFixtures {
  static final Instant T = Instant.parse("2024-05-06T07:08:09.123456Z");
  static final int NAME = 256;
  static final int TEXT = 65_536;
  static final TimeBasedEpochGenerator UUIDS = Generators.timeBasedEpochGenerator();
  static final ObjectMapper JSON = new ObjectMapper();

  final EventEncoder encoder = new EventEncoder(EventCodec.DEFAULT_MAX_EVENT_BYTES);
  final EventDecoder decoder = new EventDecoder();

  // ------------------------------------------------------------------------------------ helpers

  static byte[] encode(EventEncoder encoder, UUID id, Event event) {
    int length = encoder.encode(id, event);
    assertTrue(length <= encoder.buffer().length, "length " + length + " past the buffer");
    return Arrays.copyOf(encoder.buffer(), length);
  }

  byte[] encode(Event event) {
    return encode(encoder, UUIDS.generate(), event);
  }

  /** Encodes, decodes, checks the id and the event survive exactly, and returns the record. */
  byte[] assertRoundTrip(Event event) {
    return assertRoundTrip(encoder, event);
  }

  byte[] assertRoundTrip(EventEncoder encoder, Event event) {
    UUID id = UUIDS.generate();
    byte[] record = encode(encoder, id, event);
    SpooledEvent decoded = decoder.decode(record);
    assertEquals(id, decoded.id());
    assertEquals(event, decoded.event());
    return record;
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  /** Writes a fresh CRC-32C so only the deliberate change is wrong with the record. */
  static void reseal(byte[] record) {
    CRC32C crc = new CRC32C();
    crc.update(record, 0, record.length - 4);
    ByteBuffer.wrap(record).putInt(record.length - 4, (int) crc.getValue());
  }

  static int varintSize(int v) {
    int size = 1;
    while ((v >>>= 7) != 0) {
      size++;
    }
    return size;
  }

  /** Bytes a string field takes in a record: a minimal varint of (UTF-8 length + 1), the bytes. */
  static int sizeOf(String s) {
    if (s == null) {
      return 1;
    }
    int bytes = s.getBytes(UTF_8).length;
    return varintSize(bytes + 1) + bytes;
  }

  static int sizeOf(TraceEvent t) {
    return EventCodec.HEADER_BYTES
        + sizeOf(t.traceId())
        + sizeOf(t.eventType())
        + 1
        + sizeOf(t.message())
        + sizeOf(t.agentName())
        + sizeOf(t.taskId())
        + sizeOf(t.metadata())
        + EventCodec.CRC_BYTES;
  }

  /** {@code length} UTF-16 chars of one kind: 1-, 2-, 3- or 4-byte UTF-8 (odd lengths end "a"). */
  static String chars(String unit, int length) {
    if (unit.length() == 2) {
      return unit.repeat(length / 2) + (length % 2 == 1 ? "a" : "");
    }
    return unit.repeat(length);
  }

  static TraceEvent message(String message) {
    return new TraceEvent("t", "e", TraceLevel.INFO, message, null, null, null, T);
  }

  // ------------------------------------------------------------------------------------- events

  static TraceEvent fullTrace() {
    return TraceEvent.builder()
        .traceId("trace-7f3a")
        .eventType("task_completed")
        .level(TraceLevel.CRITICAL)
        .message("finished step 3 of 5")
        .agentName("planner")
        .taskId("task-42")
        .metadata("{\"attempt\": 2, \"tags\": [\"a\", \"b\"], \"nested\": {\"x\": null}}")
        .occurredAt(T)
        .build();
  }

  static RoutingDecision fullRouting() {
    return RoutingDecision.builder()
        .userRequest("book me a flight to Lisbon")
        .selectedAgent("travel")
        .confidenceScore(0.875)
        .alternatives(
            List.of(new RoutingAlternative("weather", 0.1), new RoutingAlternative("chat", 0.025)))
        .reasoning("mentions a flight and a city")
        .routingStrategy("semantic")
        .occurredAt(T)
        .build();
  }

  static PerformanceMetric fullMetric() {
    return PerformanceMetric.builder()
        .metricName("latency_ms")
        .metricValue(123.456)
        .metricType("timer")
        .component("router")
        .tags("{\"region\": \"eu-west-1\", \"p\": 99}")
        .occurredAt(T)
        .build();
  }

  static AgentTransformation fullTransformation() {
    return AgentTransformation.builder()
        .sourceAgent("planner")
        .targetAgent("coder")
        .transformationType("delegation")
        .reason("the plan needs code")
        .context("{\"files\": [\"a.py\"], \"step\": 3}")
        .occurredAt(T)
        .build();
  }

  static Stream<Event> fullEvents() {
    return Stream.of(fullTrace(), fullRouting(), fullMetric(), fullTransformation());
  }

  static Stream<Event> minimalEvents() {
    return Stream.of(
        new TraceEvent("t", "e", TraceLevel.DEBUG, "", null, null, null, T),
        new RoutingDecision("", "a", 0.0, List.of(), null, "s", T),
        new PerformanceMetric("m", 0.0, "gauge", null, null, T),
        new AgentTransformation("a", "b", "c", null, null, T));
  }

  /** Every string field of each kind set to {@code s} (the JSON fields hold {@code s}). */
  static Stream<Event> everyFieldHolding(String s) {
    String json = json(Map.of(s, s, "list", List.of(s, 1, true)));
    return Stream.of(
        new TraceEvent(s, s, TraceLevel.ERROR, s, s, s, json, T),
        new RoutingDecision(
            s,
            s,
            0.5,
            List.of(new RoutingAlternative(s, 0.25), new RoutingAlternative(s + s, 1.0)),
            s,
            s,
            T),
        new PerformanceMetric(s, -7.25, s, s, json, T),
        new AgentTransformation(s, s, s, s, json, T));
  }
}
