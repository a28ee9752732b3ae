package io.sluice.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;

/**
 * The shared ground of the event validation tests: one valid builder of each kind, the string
 * fields as a table (how to set each one and read it back), and the check that a build is refused
 * naming the field.
 */
final class EventValidationFixtures {
  static final Instant T = Instant.parse("2024-05-06T07:08:09.123456Z");
  static final int NAME = 256;
  static final int TEXT = 65_536;

  private EventValidationFixtures() {}

  // ---------------------------------------------------------------- valid events, one of each kind

  static TraceEvent.Builder trace() {
    return TraceEvent.builder()
        .traceId("trace-1")
        .eventType("task_started")
        .level(TraceLevel.WARNING)
        .message("hello")
        .agentName("planner")
        .taskId("task-9")
        .metadata("{\"k\": 1}")
        .occurredAt(T);
  }

  static RoutingDecision.Builder routing() {
    return RoutingDecision.builder()
        .userRequest("book a flight")
        .selectedAgent("travel")
        .confidenceScore(0.75)
        .alternatives(List.of(new RoutingAlternative("weather", 0.2)))
        .reasoning("mentions a flight")
        .routingStrategy("semantic")
        .occurredAt(T);
  }

  static PerformanceMetric.Builder metric() {
    return PerformanceMetric.builder()
        .metricName("latency_ms")
        .metricValue(12.5)
        .metricType("timer")
        .component("router")
        .tags("{\"region\": \"eu\"}")
        .occurredAt(T);
  }

  static AgentTransformation.Builder transformation() {
    return AgentTransformation.builder()
        .sourceAgent("planner")
        .targetAgent("coder")
        .transformationType("delegation")
        .reason("needs code")
        .context("{\"step\": 3}")
        .occurredAt(T);
  }

  // ------------------------------------------------------------------- the fields, as a table

  /** A string field: how to build an otherwise valid event with it set, and how to read it back. */
  record Field(String name, Function<String, Event> with, Function<Event, String> get) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Field trace(
      String name, Function<String, TraceEvent.Builder> set, Function<TraceEvent, String> get) {
    return new Field(name, v -> set.apply(v).build(), e -> get.apply((TraceEvent) e));
  }

  private static Field routing(
      String name,
      Function<String, RoutingDecision.Builder> set,
      Function<RoutingDecision, String> get) {
    return new Field(name, v -> set.apply(v).build(), e -> get.apply((RoutingDecision) e));
  }

  private static Field metric(
      String name,
      Function<String, PerformanceMetric.Builder> set,
      Function<PerformanceMetric, String> get) {
    return new Field(name, v -> set.apply(v).build(), e -> get.apply((PerformanceMetric) e));
  }

  private static Field transformation(
      String name,
      Function<String, AgentTransformation.Builder> set,
      Function<AgentTransformation, String> get) {
    return new Field(name, v -> set.apply(v).build(), e -> get.apply((AgentTransformation) e));
  }

  static final Field TRACE_ID = trace("trace_id", v -> trace().traceId(v), TraceEvent::traceId);
  static final Field EVENT_TYPE =
      trace("event_type", v -> trace().eventType(v), TraceEvent::eventType);
  static final Field MESSAGE = trace("message", v -> trace().message(v), TraceEvent::message);
  static final Field AGENT_NAME =
      trace("agent_name", v -> trace().agentName(v), TraceEvent::agentName);
  static final Field TASK_ID = trace("task_id", v -> trace().taskId(v), TraceEvent::taskId);
  static final Field METADATA = trace("metadata", v -> trace().metadata(v), TraceEvent::metadata);

  static final Field USER_REQUEST =
      routing("user_request", v -> routing().userRequest(v), RoutingDecision::userRequest);
  static final Field SELECTED_AGENT =
      routing("selected_agent", v -> routing().selectedAgent(v), RoutingDecision::selectedAgent);
  static final Field ALTERNATIVE_AGENT =
      routing(
          "alternatives.agent",
          v -> routing().alternatives(List.of(new RoutingAlternative(v, 0.5))),
          r -> r.alternatives().get(0).agent());
  static final Field REASONING =
      routing("reasoning", v -> routing().reasoning(v), RoutingDecision::reasoning);
  static final Field ROUTING_STRATEGY =
      routing(
          "routing_strategy", v -> routing().routingStrategy(v), RoutingDecision::routingStrategy);

  static final Field METRIC_NAME =
      metric("metric_name", v -> metric().metricName(v), PerformanceMetric::metricName);
  static final Field METRIC_TYPE =
      metric("metric_type", v -> metric().metricType(v), PerformanceMetric::metricType);
  static final Field COMPONENT =
      metric("component", v -> metric().component(v), PerformanceMetric::component);
  static final Field TAGS = metric("tags", v -> metric().tags(v), PerformanceMetric::tags);

  static final Field SOURCE_AGENT =
      transformation(
          "source_agent", v -> transformation().sourceAgent(v), AgentTransformation::sourceAgent);
  static final Field TARGET_AGENT =
      transformation(
          "target_agent", v -> transformation().targetAgent(v), AgentTransformation::targetAgent);
  static final Field TRANSFORMATION_TYPE =
      transformation(
          "transformation_type",
          v -> transformation().transformationType(v),
          AgentTransformation::transformationType);
  static final Field REASON =
      transformation("reason", v -> transformation().reason(v), AgentTransformation::reason);
  static final Field CONTEXT =
      transformation("context", v -> transformation().context(v), AgentTransformation::context);

  static Stream<Field> requiredNames() {
    return Stream.of(
        TRACE_ID,
        EVENT_TYPE,
        SELECTED_AGENT,
        ALTERNATIVE_AGENT,
        ROUTING_STRATEGY,
        METRIC_NAME,
        METRIC_TYPE,
        SOURCE_AGENT,
        TARGET_AGENT,
        TRANSFORMATION_TYPE);
  }

  static Stream<Field> optionalNames() {
    return Stream.of(AGENT_NAME, TASK_ID, COMPONENT);
  }

  static Stream<Field> names() {
    return Stream.concat(requiredNames(), optionalNames());
  }

  static Stream<Field> requiredTexts() {
    return Stream.of(MESSAGE, USER_REQUEST);
  }

  static Stream<Field> optionalTexts() {
    return Stream.of(REASONING, REASON);
  }

  static Stream<Field> texts() {
    return Stream.concat(requiredTexts(), optionalTexts());
  }

  static Stream<Field> jsonFields() {
    return Stream.of(METADATA, TAGS, CONTEXT);
  }

  static Stream<Field> optionalFields() {
    return Stream.of(optionalNames(), optionalTexts(), jsonFields()).flatMap(s -> s);
  }

  /** Builds with the field set to {@code value} and expects a refusal naming the field. */
  static InvalidEventException assertRefused(Field field, String value) {
    return assertRefused(field.name(), () -> field.with().apply(value));
  }

  static InvalidEventException assertRefused(String field, Executable build) {
    InvalidEventException e = assertThrows(InvalidEventException.class, build);
    assertEquals(field, e.field(), e.getMessage());
    assertTrue(e.getMessage().contains(field), e.getMessage());
    return e;
  }
}
