package io.sluice.model;

import static io.sluice.model.EventValidationFixtures.T;
import static io.sluice.model.EventValidationFixtures.metric;
import static io.sluice.model.EventValidationFixtures.routing;
import static io.sluice.model.EventValidationFixtures.trace;
import static io.sluice.model.EventValidationFixtures.transformation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Valid events of the four kinds keep every field; builders fill in defaults and can be reused. */
class EventBuilderTest {
  @Test
  void build_validTrace_keepsEveryField() {
    TraceEvent e = trace().build();
    assertEquals(
        new TraceEvent(
            "trace-1",
            "task_started",
            TraceLevel.WARNING,
            "hello",
            "planner",
            "task-9",
            "{\"k\": 1}",
            T),
        e);
    assertEquals("trace-1", e.traceId());
    assertEquals("task_started", e.eventType());
    assertEquals(TraceLevel.WARNING, e.level());
    assertEquals("hello", e.message());
    assertEquals("planner", e.agentName());
    assertEquals("task-9", e.taskId());
    assertEquals("{\"k\": 1}", e.metadata());
    assertEquals(T, e.occurredAt());
    assertEquals(EventKind.TRACE, e.kind());
  }

  @Test
  void build_validRouting_keepsEveryField() {
    RoutingDecision e = routing().build();
    assertEquals("book a flight", e.userRequest());
    assertEquals("travel", e.selectedAgent());
    assertEquals(0.75, e.confidenceScore());
    assertEquals(List.of(new RoutingAlternative("weather", 0.2)), e.alternatives());
    assertEquals("mentions a flight", e.reasoning());
    assertEquals("semantic", e.routingStrategy());
    assertEquals(T, e.occurredAt());
    assertEquals(EventKind.ROUTING, e.kind());
  }

  @Test
  void build_validMetric_keepsEveryField() {
    PerformanceMetric e = metric().build();
    assertEquals("latency_ms", e.metricName());
    assertEquals(12.5, e.metricValue());
    assertEquals("timer", e.metricType());
    assertEquals("router", e.component());
    assertEquals("{\"region\": \"eu\"}", e.tags());
    assertEquals(T, e.occurredAt());
    assertEquals(EventKind.METRIC, e.kind());
  }

  @Test
  void build_validTransformation_keepsEveryField() {
    AgentTransformation e = transformation().build();
    assertEquals("planner", e.sourceAgent());
    assertEquals("coder", e.targetAgent());
    assertEquals("delegation", e.transformationType());
    assertEquals("needs code", e.reason());
    assertEquals("{\"step\": 3}", e.context());
    assertEquals(T, e.occurredAt());
    assertEquals(EventKind.TRANSFORMATION, e.kind());
  }

  @Test
  void build_everyTraceLevel_isAccepted() {
    for (TraceLevel level : TraceLevel.values()) {
      assertEquals(level, trace().level(level).build().level());
    }
  }

  @Test
  void builder_trace_defaultsToInfoAndEmptyMessage() {
    TraceEvent e = TraceEvent.builder().traceId("t").eventType("e").build();
    assertEquals(TraceLevel.INFO, e.level());
    assertEquals("", e.message());
    assertNull(e.agentName());
    assertNull(e.taskId());
    assertNull(e.metadata());
  }

  @Test
  void builder_metric_defaultsToGauge() {
    PerformanceMetric m = PerformanceMetric.builder().metricName("m").metricValue(1).build();
    assertEquals("gauge", m.metricType());
    assertNull(m.component());
    assertNull(m.tags());
  }

  @Test
  void builder_transformation_optionalFieldsDefaultToNull() {
    AgentTransformation x =
        AgentTransformation.builder()
            .sourceAgent("a")
            .targetAgent("b")
            .transformationType("c")
            .build();
    assertNull(x.reason());
    assertNull(x.context());
  }

  static Stream<java.util.function.Supplier<Event>> buildersWithoutTime() {
    return Stream.of(
        () -> TraceEvent.builder().traceId("t").eventType("e").build(),
        () ->
            RoutingDecision.builder()
                .selectedAgent("a")
                .confidenceScore(0)
                .routingStrategy("s")
                .build(),
        () -> PerformanceMetric.builder().metricName("m").metricValue(0).build(),
        () ->
            AgentTransformation.builder()
                .sourceAgent("a")
                .targetAgent("b")
                .transformationType("c")
                .build());
  }

  @ParameterizedTest
  @MethodSource("buildersWithoutTime")
  void builder_withoutOccurredAt_defaultsToNowInMicroseconds(
      java.util.function.Supplier<Event> build) {
    Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Instant t = build.get().occurredAt();
    Instant after = Instant.now();
    assertFalse(t.isBefore(before), t + " is before " + before);
    assertFalse(t.isAfter(after), t + " is after " + after);
    assertEquals(0, t.getNano() % 1_000, t.toString());
  }

  @Test
  void builder_isReusableAndEachBuildIsIndependent() {
    TraceEvent.Builder b = trace();
    TraceEvent first = b.build();
    TraceEvent second = b.message("changed").build();
    assertEquals("hello", first.message());
    assertEquals("changed", second.message());
  }

  @Test
  void builder_metric_equalsTheRecordBuiltByConstructor() {
    assertEquals(
        new PerformanceMetric("latency_ms", 12.5, "timer", "router", "{\"region\": \"eu\"}", T),
        metric().build());
  }
}
