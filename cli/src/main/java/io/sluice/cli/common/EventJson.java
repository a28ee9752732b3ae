package io.sluice.cli.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.sluice.model.AgentTransformation;
import io.sluice.model.Event;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingAlternative;
import io.sluice.model.RoutingDecision;
import io.sluice.model.SpooledEvent;
import io.sluice.model.TraceEvent;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;

/**
 * One spool event as one JSON object, losslessly, for {@code tail --json}, {@code dump} and {@code
 * dlq show}.
 *
 * <pre>
 * {"index":84464214835200,"id":"0193...","kind":"metric",
 *  "recorded_at":"2026-11-27T08:36:30.123000Z","occurred_at":"2026-11-27T08:36:30.123456Z",
 *  "metric_name":"latency_ms","metric_value":0.30000000000000004,"metric_type":"gauge",
 *  "component":null,"tags":{"region":"eu"}}
 * </pre>
 *
 * <ul>
 *   <li>Every field of the event's kind is present, snake_case as in the PostgreSQL table; absent
 *       optional fields are {@code null}.
 *   <li>Times: ISO-8601 UTC with six fraction digits, the spool's precision (microseconds). {@code
 *       recorded_at} comes from the UUIDv7 id, so it is whole milliseconds.
 *   <li>Doubles: the shortest decimal that reads back as the same double.
 *   <li>JSON fields ({@code metadata}, {@code tags}, {@code context}) are embedded as JSON, byte
 *       for byte as appended, except that line breaks (only possible between tokens) become spaces
 *       so that each event stays on one line.
 *   <li>A record that does not decode: {@code {"index":N,"damaged":"why","record_base64":"..."}}.
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class EventJson {
  public static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private EventJson() {}

  public static ObjectNode of(long index, SpooledEvent spooled) {
    ObjectNode o = MAPPER.createObjectNode();
    Event e = spooled.event();
    o.put("index", index);
    o.put("id", spooled.id().toString());
    o.put("kind", kindName(e));
    o.put("recorded_at", time(spooled.recordedAt()));
    o.put("occurred_at", time(e.occurredAt()));
    if (e instanceof TraceEvent t) {
      o.put("trace_id", t.traceId());
      o.put("event_type", t.eventType());
      o.put("level", t.level().name());
      o.put("message", t.message());
      o.put("agent_name", t.agentName());
      o.put("task_id", t.taskId());
      json(o, "metadata", t.metadata());
    } else if (e instanceof RoutingDecision r) {
      o.put("user_request", r.userRequest());
      o.put("selected_agent", r.selectedAgent());
      o.put("confidence_score", r.confidenceScore());
      ArrayNode alternatives = o.putArray("alternatives");
      for (RoutingAlternative a : r.alternatives()) {
        alternatives.addObject().put("agent", a.agent()).put("confidence", a.confidence());
      }
      o.put("reasoning", r.reasoning());
      o.put("routing_strategy", r.routingStrategy());
    } else if (e instanceof PerformanceMetric m) {
      o.put("metric_name", m.metricName());
      o.put("metric_value", m.metricValue());
      o.put("metric_type", m.metricType());
      o.put("component", m.component());
      json(o, "tags", m.tags());
    } else if (e instanceof AgentTransformation a) {
      o.put("source_agent", a.sourceAgent());
      o.put("target_agent", a.targetAgent());
      o.put("transformation_type", a.transformationType());
      o.put("reason", a.reason());
      json(o, "context", a.context());
    }
    return o;
  }

  /** A record that does not decode, with its bytes so nothing is lost. */
  public static ObjectNode damaged(long index, String why, byte[] record) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("index", index);
    o.put("damaged", why);
    o.put("record_base64", Base64.getEncoder().encodeToString(record));
    return o;
  }

  /** {@code trace}, {@code routing}, {@code metric} or {@code transformation}. */
  public static String kindName(Event e) {
    return e.kind().name().toLowerCase(Locale.ROOT);
  }

  /** ISO-8601 UTC with microseconds: {@code 2026-11-27T08:36:30.123456Z}. */
  public static String time(Instant t) {
    return MICROS.format(t);
  }

  public static String line(ObjectNode o) {
    try {
      return MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write an event as JSON", e);
    }
  }

  // Raw, not parsed and re-written: re-writing would change numbers such as 1E+400 or
  // 12345678901234567890123 and drop duplicate keys. The event was validated as one JSON object
  // when it was built (and again when decoded), so the raw text is valid JSON.
  private static void json(ObjectNode o, String field, String jsonText) {
    if (jsonText == null) {
      o.putNull(field);
    } else {
      o.putRawValue(field, new RawValue(jsonText.replace('\r', ' ').replace('\n', ' ')));
    }
  }
}
