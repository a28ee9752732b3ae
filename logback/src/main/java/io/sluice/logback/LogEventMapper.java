package io.sluice.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.model.TraceEvent;
import io.sluice.model.TraceLevel;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * Turns one Logback event into one {@link TraceEvent}. Stateless and thread-safe.
 *
 * <pre>
 * trace event field  from the log event
 * trace_id           MDC[traceIdKey] (default "traceId"), else defaultTraceId (default "-")
 * event_type         eventType (default "log")
 * level              TRACE, DEBUG: DEBUG; INFO: INFO; WARN: WARNING; ERROR: ERROR
 * message            the formatted message (cut at 65,536 characters)
 * agent_name         MDC[agentKey] (default "agent"), or null
 * task_id            MDC[taskKey] (default "task"), or null
 * occurred_at        the event's time
 * metadata           {"logger":..,"thread":..,"mdc":{the mdcKeys present, or every entry for "*"},
 *                     "arguments":{SLF4J key-value pairs},"exception":"class: message",
 *                     "stack_trace":"..." (cut at 16,384 characters)}; empty parts left out
 * </pre>
 *
 * Values that the event model would refuse are made to fit rather than lose the line: names are cut
 * at 256 characters, NUL characters (which PostgreSQL cannot store) become U+FFFD.
 */
final class LogEventMapper {
  static final int MAX_NAME = 256;
  static final int MAX_MESSAGE = 65_536;
  static final int MAX_VALUE = 4_096;
  static final int MAX_STACK = 16_384;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String traceIdKey;
  private final String agentKey;
  private final String taskKey;
  private final List<String> mdcKeys;
  private final String eventType;
  private final String defaultTraceId;

  LogEventMapper(
      String traceIdKey,
      String agentKey,
      String taskKey,
      List<String> mdcKeys,
      String eventType,
      String defaultTraceId) {
    this.traceIdKey = traceIdKey;
    this.agentKey = agentKey;
    this.taskKey = taskKey;
    this.mdcKeys = List.copyOf(mdcKeys);
    this.eventType = eventType;
    this.defaultTraceId = defaultTraceId;
  }

  TraceEvent map(ILoggingEvent e) {
    Map<String, String> mdc = e.getMDCPropertyMap();
    String traceId = name(mdc.get(traceIdKey));
    return TraceEvent.builder()
        .traceId(traceId == null ? defaultTraceId : traceId)
        .eventType(eventType)
        .level(level(e.getLevel()))
        .message(
            cut(clean(e.getFormattedMessage() == null ? "" : e.getFormattedMessage()), MAX_MESSAGE))
        .agentName(name(mdc.get(agentKey)))
        .taskId(name(mdc.get(taskKey)))
        .occurredAt(
            e.getInstant() != null ? e.getInstant() : Instant.ofEpochMilli(e.getTimeStamp()))
        .metadata(metadata(e, mdc))
        .build();
  }

  static TraceLevel level(Level level) {
    if (level == null) {
      return TraceLevel.INFO;
    }
    return switch (level.toInt()) {
      case Level.ERROR_INT -> TraceLevel.ERROR;
      case Level.WARN_INT -> TraceLevel.WARNING;
      case Level.INFO_INT -> TraceLevel.INFO;
      default -> TraceLevel.DEBUG;
    };
  }

  private String metadata(ILoggingEvent e, Map<String, String> mdc) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("logger", e.getLoggerName());
    m.put("thread", e.getThreadName());
    Map<String, String> selected = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : mdc.entrySet()) {
      boolean mapped =
          entry.getKey().equals(traceIdKey)
              || entry.getKey().equals(agentKey)
              || entry.getKey().equals(taskKey);
      if (!mapped && (mdcKeys.contains("*") || mdcKeys.contains(entry.getKey()))) {
        selected.put(entry.getKey(), value(entry.getValue()));
      }
    }
    if (!selected.isEmpty()) {
      m.put("mdc", selected);
    }
    List<KeyValuePair> pairs = e.getKeyValuePairs();
    if (pairs != null && !pairs.isEmpty()) {
      Map<String, Object> arguments = new LinkedHashMap<>();
      for (KeyValuePair p : pairs) {
        arguments.put(
            p.key,
            p.value instanceof Number || p.value instanceof Boolean || p.value == null
                ? p.value
                : value(String.valueOf(p.value)));
      }
      m.put("arguments", arguments);
    }
    IThrowableProxy t = e.getThrowableProxy();
    if (t != null) {
      m.put(
          "exception",
          value(t.getClassName() + (t.getMessage() == null ? "" : ": " + t.getMessage())));
      m.put("stack_trace", cut(clean(ThrowableProxyUtil.asString(t)), MAX_STACK));
    }
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException ex) {
      return "{\"logger\":"
          + quote(e.getLoggerName())
          + "}"; // cannot happen for strings and numbers
    }
  }

  private static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (JsonProcessingException ex) {
      return "null";
    }
  }

  private static String name(String s) {
    return s == null || s.isBlank() ? null : cut(clean(s), MAX_NAME);
  }

  private static String value(String s) {
    return s == null ? null : cut(clean(s), MAX_VALUE);
  }

  private static String clean(String s) {
    return s.indexOf('\u0000') < 0 ? s : s.replace('\u0000', '\uFFFD');
  }

  private static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, end);
  }
}
