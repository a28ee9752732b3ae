package io.sluice.cli.db;

import io.sluice.cli.common.TextTable;
import io.sluice.model.AgentTransformation;
import io.sluice.model.EventKind;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingDecision;
import io.sluice.model.TraceEvent;
import io.sluice.query.MetricBucket;
import io.sluice.query.StoredEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The columns {@code sluice query} shows per kind in its table: when the event was recorded and the
 * fields that tell events apart. {@code --json} shows every field.
 */
final class EventTable {
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String RECORDED = "RECORDED (UTC)";

  private EventTable() {}

  static TextTable of(EventKind kind) {
    return new TextTable(
        switch (kind) {
          case TRACE -> List.of(RECORDED, "LEVEL", "TRACE", "AGENT", "TYPE", "MESSAGE");
          case ROUTING -> List.of(RECORDED, "AGENT", "CONFIDENCE", "STRATEGY", "REQUEST");
          case METRIC -> List.of(RECORDED, "METRIC", "VALUE", "TYPE", "COMPONENT");
          case TRANSFORMATION -> List.of(RECORDED, "SOURCE", "TARGET", "TYPE", "REASON");
        });
  }

  static List<String> row(StoredEvent<?> stored) {
    String at = time(stored.recordedAt());
    Object e = stored.event();
    if (e instanceof TraceEvent t) {
      return List.of(
          at, t.level().name(), t.traceId(), orDash(t.agentName()), t.eventType(), t.message());
    } else if (e instanceof RoutingDecision r) {
      return List.of(
          at,
          r.selectedAgent(),
          String.format(Locale.ROOT, "%.3f", r.confidenceScore()),
          r.routingStrategy(),
          r.userRequest());
    } else if (e instanceof PerformanceMetric m) {
      return List.of(
          at,
          m.metricName(),
          Double.toString(m.metricValue()),
          m.metricType(),
          orDash(m.component()));
    }
    AgentTransformation a = (AgentTransformation) e;
    return List.of(
        at, a.sourceAgent(), a.targetAgent(), a.transformationType(), orDash(a.reason()));
  }

  static TextTable buckets() {
    return new TextTable(List.of("BUCKET START (UTC)", "COUNT", "AVG", "P50", "P95", "MAX"));
  }

  static List<String> row(MetricBucket b) {
    return List.of(
        time(b.start()),
        Long.toString(b.count()),
        number(b.avg()),
        number(b.p50()),
        number(b.p95()),
        number(b.max()));
  }

  static String time(Instant t) {
    return MILLIS.format(t);
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String orDash(String s) {
    return s == null ? "-" : s;
  }
}
