package io.sluice.cli;

import io.sluice.Sluice;
import io.sluice.model.AgentTransformation;
import io.sluice.model.Event;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingAlternative;
import io.sluice.model.RoutingDecision;
import io.sluice.model.SluiceConfig;
import io.sluice.model.TraceEvent;
import io.sluice.model.TraceLevel;
import io.sluice.spool.Spool;
import io.sluice.spool.SpoolClocks;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Spools for the inspector tests, written in this JVM through the real {@link Sluice} API (no
 * draining), so another process ({@code bin/sluice}) reads what an application wrote.
 */
final class SpoolFixtures {
  /** JSON whose numbers a parse-and-rewrite would change: the dump must keep it byte for byte. */
  static final String TRICKY_JSON =
      "{\"big\":12345678901234567890123,\"huge\":1E+400,\"tiny\":1.5E-7,\"neg0\":-0,"
          + "\"text\":\"caf\\u00e9 😀 \\\"q\\\"\",\"nested\":{\"a\":[1,2,{\"b\":null}]}}";

  /** Doubles at the edges: each must read back as the same bits. */
  static final double[] DOUBLES = {
    0.1 + 0.2, Double.MIN_VALUE, 1e-310, -0.0, Math.PI, Double.MAX_VALUE, 1e21, 123456789.0
  };

  private SpoolFixtures() {}

  /**
   * One event of each kind per round, with edge values, all with trace/agent names we filter on.
   */
  static List<Event> mixed(int rounds) {
    List<Event> events = new ArrayList<>();
    Instant base = Instant.parse("1969-07-20T20:17:40.123456Z");
    for (int i = 0; i < rounds; i++) {
      Instant at = base.plusSeconds(i).plusNanos(i * 1_000L);
      events.add(
          TraceEvent.builder()
              .traceId("trace-" + i)
              .eventType("task_started")
              .level(TraceLevel.WARNING)
              .message("line one\nline two \"quoted\" 漢字 " + i)
              .agentName("planner")
              .taskId(i % 2 == 0 ? null : "task-" + i)
              .metadata(TRICKY_JSON)
              .occurredAt(at)
              .build());
      events.add(
          RoutingDecision.builder()
              .userRequest("route " + i)
              .selectedAgent("planner")
              .confidenceScore(DOUBLES[i % 2 == 0 ? 0 : 1])
              .alternatives(List.of(new RoutingAlternative("coder", 1e-300)))
              .reasoning(null)
              .routingStrategy("semantic")
              .occurredAt(at)
              .build());
      events.add(
          PerformanceMetric.builder()
              .metricName("latency_ms")
              .metricValue(DOUBLES[i % DOUBLES.length])
              .metricType("timer")
              .component("reviewer")
              .tags(i % 2 == 0 ? null : "{\"region\":\"eu\"}")
              .occurredAt(at)
              .build());
      events.add(
          AgentTransformation.builder()
              .sourceAgent("planner")
              .targetAgent("coder")
              .transformationType("delegation")
              .reason("because " + i)
              .context(TRICKY_JSON)
              .occurredAt(at)
              .build());
    }
    return events;
  }

  static List<Event> traces(String traceId, int n) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(
          TraceEvent.builder().traceId(traceId).eventType("step").message("step " + i).build());
    }
    return events;
  }

  /** Appends through a real Sluice that does not drain; returns the ids in order. */
  static List<UUID> append(Path spool, List<Event> events) {
    return append(spool, events, Clock.systemUTC());
  }

  /**
   * As {@link #append(Path, List)}, with {@code clock} choosing the cycle file (hourly): a clock
   * set hours back writes to an older file.
   */
  static List<UUID> append(Path spool, List<Event> events, Clock clock) {
    List<UUID> ids = new ArrayList<>();
    SluiceConfig config =
        SluiceConfig.builder()
            .spool(SpoolClocks.withClock(spool, clock))
            .drainEnabled(false)
            .clock(clock)
            .build();
    try (Sluice sluice = Sluice.start(config)) {
      for (Event e : events) {
        ids.add(sluice.append(e));
      }
    }
    return ids;
  }

  static Clock hoursAgo(int hours) {
    return Clock.fixed(Instant.now().minusSeconds(3600L * hours), ZoneOffset.UTC);
  }

  /** The index of every record in the spool, oldest first. */
  static List<Long> indexes(Path spool) {
    List<Long> indexes = new ArrayList<>();
    try (Spool s = Spool.openReadOnly(spool);
        var reader = s.reader()) {
      for (var r = reader.next(); r != null; r = reader.next()) {
        indexes.add(r.index());
      }
    }
    return indexes;
  }
}
