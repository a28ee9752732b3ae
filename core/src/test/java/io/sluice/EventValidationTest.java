package io.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The field rules of the four event kinds, as a caller meets them: through builders and records.
 */
class EventValidationTest {
  private static final Instant T = Instant.parse("2024-05-06T07:08:09.123456Z");
  private static final int NAME = 256;
  private static final int TEXT = 65_536;

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
  private static InvalidEventException assertRefused(Field field, String value) {
    return assertRefused(field.name(), () -> field.with().apply(value));
  }

  private static InvalidEventException assertRefused(String field, Executable build) {
    InvalidEventException e = assertThrows(InvalidEventException.class, build);
    assertEquals(field, e.field(), e.getMessage());
    assertTrue(e.getMessage().contains(field), e.getMessage());
    return e;
  }

  // ---------------------------------------------------------------------------- valid events

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

  // ------------------------------------------------------------------ required and blank fields

  static Stream<Arguments> requiredNamesTimesMissingValues() {
    return requiredNames()
        .flatMap(f -> Stream.of(null, "", " ", "\t\n  ").map(v -> Arguments.of(f, v)));
  }

  @ParameterizedTest(name = "{0} = [{1}]")
  @MethodSource("requiredNamesTimesMissingValues")
  void build_requiredNameMissingOrBlank_throwsNamingField(Field field, String value) {
    InvalidEventException e = assertRefused(field, value);
    assertTrue(e.getMessage().contains(value == null ? "missing" : "blank"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requiredTexts")
  void build_requiredTextNull_throwsNamingField(Field field) {
    InvalidEventException e = assertRefused(field, null);
    assertTrue(e.getMessage().contains("missing"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("texts")
  void build_textEmptyOrBlank_isAccepted(Field field) {
    assertEquals("", field.get().apply(field.with().apply("")));
    assertEquals("  ", field.get().apply(field.with().apply("  ")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optionalFields")
  void build_optionalFieldNull_isAccepted(Field field) {
    assertNull(field.get().apply(field.with().apply(null)));
  }

  @Test
  void build_traceLevelNull_throwsNamingLevel() {
    assertRefused("level", () -> trace().level(null).build());
  }

  @Test
  void build_metricWithoutValue_throwsNamingMetricValue() {
    assertRefused(
        "metric_value", () -> PerformanceMetric.builder().metricName("m").occurredAt(T).build());
  }

  @Test
  void build_routingWithoutConfidence_throwsNamingConfidenceScore() {
    assertRefused(
        "confidence_score",
        () -> RoutingDecision.builder().selectedAgent("a").routingStrategy("s").build());
  }

  @Test
  void build_severalFieldsBroken_namesTheFirstInComponentOrder() {
    assertRefused("trace_id", () -> TraceEvent.builder().build());
    assertRefused("event_type", () -> TraceEvent.builder().traceId("t").level(null).build());
    assertRefused("source_agent", () -> AgentTransformation.builder().context("[]").build());
    assertRefused("metric_name", () -> PerformanceMetric.builder().tags("[]").build());
  }

  @Test
  void constructor_invalidField_throwsLikeTheBuilder() {
    assertRefused(
        "event_type", () -> new TraceEvent("t", " ", TraceLevel.INFO, "", null, null, null, T));
    assertRefused(
        "routing_strategy", () -> new RoutingDecision("", "a", 0.5, List.of(), null, null, T));
    assertRefused("metric_type", () -> new PerformanceMetric("m", 1.0, null, null, null, T));
    assertRefused(
        "transformation_type", () -> new AgentTransformation("a", "b", "", null, null, T));
  }

  // ------------------------------------------------------------------------------ length limits

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void build_nameOfExactlyTheLimit_isAccepted(Field field) {
    String ascii = "n".repeat(NAME);
    assertEquals(ascii, field.get().apply(field.with().apply(ascii)));
    // The limit counts UTF-16 chars: 128 emoji are 256 chars.
    String emoji = "🙂".repeat(NAME / 2);
    assertEquals(emoji, field.get().apply(field.with().apply(emoji)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void build_nameOverTheLimit_throwsNamingFieldAndLength(Field field) {
    InvalidEventException e = assertRefused(field, "n".repeat(NAME + 1));
    assertTrue(e.getMessage().contains("(257 characters)"), e.getMessage());
    assertTrue(e.getMessage().contains("at most 256 characters"), e.getMessage());
    assertRefused(field, "🙂".repeat(NAME / 2) + "x");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("texts")
  void build_textOfExactlyTheLimit_isAccepted(Field field) {
    String text = "t".repeat(TEXT);
    assertEquals(text, field.get().apply(field.with().apply(text)));
    String cjk = "字".repeat(TEXT);
    assertEquals(cjk, field.get().apply(field.with().apply(cjk)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("texts")
  void build_textOverTheLimit_throwsNamingFieldAndLength(Field field) {
    InvalidEventException e = assertRefused(field, "t".repeat(TEXT + 1));
    assertTrue(e.getMessage().contains("(65537 characters)"), e.getMessage());
    assertTrue(e.getMessage().contains("at most 65536 characters"), e.getMessage());
  }

  @Test
  void message_ofRefusal_namesKindFieldCutValueAndRule() {
    InvalidEventException e = assertRefused(TRACE_ID, "x".repeat(300));
    assertEquals(
        "Invalid trace event: trace_id is \""
            + "x".repeat(80)
            + "…\" (300 characters) (expected a non-blank string of at most 256 characters)."
            + " Fix the field and append again.",
        e.getMessage());
    assertInstanceOf(SluiceException.class, e);
  }

  // ------------------------------------------------------------------------------------ numbers

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void build_metricValueNotFinite_throwsNamingMetricValue(double value) {
    InvalidEventException e =
        assertRefused("metric_value", () -> metric().metricValue(value).build());
    assertTrue(e.getMessage().contains(String.valueOf(value)), e.getMessage());
    assertTrue(e.getMessage().contains("finite"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e308, -Double.MAX_VALUE, 42})
  void build_metricValueFinite_isKeptExactly(double value) {
    assertEquals(
        Double.doubleToRawLongBits(value),
        Double.doubleToRawLongBits(metric().metricValue(value).build().metricValue()));
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {
        -0.000001,
        -1,
        1.000001,
        Math.PI,
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        -Double.MIN_VALUE
      })
  void build_confidenceScoreOutsideUnitInterval_throwsNamingConfidenceScore(double value) {
    InvalidEventException e =
        assertRefused("confidence_score", () -> routing().confidenceScore(value).build());
    assertTrue(e.getMessage().contains("from 0 to 1"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, -0.0, Double.MIN_VALUE, 0.5, 0.9999999999999999, 1.0})
  void build_confidenceScoreInsideUnitInterval_isAccepted(double value) {
    assertEquals(value, routing().confidenceScore(value).build().confidenceScore());
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {-0.1, 1.1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void build_alternativeConfidenceOutsideUnitInterval_throwsNamingIt(double value) {
    assertRefused(
        "alternatives.confidence",
        () -> routing().alternatives(List.of(new RoutingAlternative("a", value))).build());
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 1.0, 0.25})
  void build_alternativeConfidenceInsideUnitInterval_isAccepted(double value) {
    assertEquals(value, new RoutingAlternative("a", value).confidence());
  }

  // ------------------------------------------------------------------------------- alternatives

  @Test
  void build_alternativesNull_throwsNamingAlternatives() {
    assertRefused("alternatives", () -> routing().alternatives(null).build());
  }

  @Test
  void build_alternativesWithNullEntry_throwsNamingAlternatives() {
    List<RoutingAlternative> withNull = Arrays.asList(new RoutingAlternative("a", 0.1), null);
    InvalidEventException e =
        assertThrows(InvalidEventException.class, () -> routing().alternatives(withNull).build());
    assertTrue(e.field().startsWith("alternatives"), e.field());
    assertTrue(e.getMessage().contains("alternatives"), e.getMessage());
  }

  @Test
  void build_alternativesDefault_isEmpty() {
    RoutingDecision r =
        RoutingDecision.builder()
            .selectedAgent("a")
            .confidenceScore(1)
            .routingStrategy("s")
            .build();
    assertEquals(List.of(), r.alternatives());
    assertEquals("", r.userRequest());
  }

  @Test
  void build_thousandAlternatives_isAcceptedAndOneMoreIsNot() {
    List<RoutingAlternative> many = new ArrayList<>();
    for (int i = 0; i < RoutingDecision.MAX_ALTERNATIVES; i++) {
      many.add(new RoutingAlternative("agent-" + i, i / 1000.0));
    }
    assertEquals(many, routing().alternatives(many).build().alternatives());
    many.add(new RoutingAlternative("one-too-many", 0));
    InvalidEventException e =
        assertRefused("alternatives", () -> routing().alternatives(many).build());
    assertTrue(e.getMessage().contains("1001"), e.getMessage());
  }

  @Test
  void build_alternatives_areCopiedAndUnmodifiable() {
    List<RoutingAlternative> mutable = new ArrayList<>(List.of(new RoutingAlternative("a", 0.1)));
    RoutingDecision r = routing().alternatives(mutable).build();
    mutable.add(new RoutingAlternative("b", 0.2));
    assertEquals(List.of(new RoutingAlternative("a", 0.1)), r.alternatives());
    assertThrows(
        UnsupportedOperationException.class,
        () -> r.alternatives().add(new RoutingAlternative("c", 0.3)));
  }

  // --------------------------------------------------------------------------------------- JSON

  static Stream<String> notJsonObjects() {
    return Stream.of(
        "[]",
        "[{\"a\": 1}]",
        "42",
        "-1.5e3",
        "\"a string\"",
        "true",
        "null",
        "",
        "   ",
        "{",
        "{\"a\": }",
        "{\"a\": 1,}",
        "{'a': 1}",
        "{a: 1}",
        "{\"a\": NaN}",
        "{\"a\": 1} x",
        "{\"a\": 1}{}",
        "{\"a\": 1} []",
        "{} 1",
        "{\"a\": \"\\u0000\"}",
        "{\"\\u0000\": 1}",
        "{\"a\": {\"b\": [\"x\\u0000y\"]}}",
        "{\"a\": \"nul\u0000raw\"}",
        "{\"a\": 1} // comment",
        "{\"a\": 1}\u0000",
        "{\"a\": \"\\ud800\"}",
        "{\"a\": [\"x\\ud83d\"]}",
        "{\"\\udc00x\": 1}",
        "{\"a\": \"\\ude42\\ud83d\"}",
        "{\"a\": \"" + (char) 0xD800 + "\"}");
  }

  static Stream<Arguments> jsonFieldsTimesNotObjects() {
    return jsonFields().flatMap(f -> notJsonObjects().map(v -> Arguments.of(f, v)));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("jsonFieldsTimesNotObjects")
  void build_jsonFieldNotOneObject_throwsNamingField(Field field, String json) {
    assertRefused(field, json);
  }

  @Test
  void build_jsonWithEscapedNul_messageExplainsJsonb() {
    InvalidEventException e = assertRefused(METADATA, "{\"a\": \"\\u0000\"}");
    assertTrue(e.getMessage().contains("\\u0000"), e.getMessage());
  }

  @Test
  void build_jsonWithEscapedUnpairedSurrogate_messageExplainsJsonb() {
    InvalidEventException e = assertRefused(CONTEXT, "{\"a\": \"\\ud800\"}");
    assertTrue(e.getMessage().contains("unpaired surrogate"), e.getMessage());
    assertTrue(e.getMessage().contains("jsonb"), e.getMessage());
  }

  @Test
  void build_jsonWithTrailingGarbage_messageSaysNothingAfter() {
    InvalidEventException e = assertRefused(TAGS, "{\"a\": 1} []");
    assertTrue(e.getMessage().contains("and nothing after it"), e.getMessage());
  }

  @Test
  void build_jsonNestedFarTooDeep_throwsNamingField() {
    String deep = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
    assertRefused(CONTEXT, deep);
  }

  static Stream<String> jsonObjects() {
    return Stream.of(
        "{}",
        "  {\n\t}  \n",
        "{\"a\": 1}",
        "{\"a\": [1, 2.5e-3, -0, true, false, null, \"s\", {\"b\": {}}]}",
        "{\"unicode\": \"é中🙂\", \"escaped\": \"\\u00e9\\ud83d\\ude42\\n\\\"\"}",
        "{\"path\": \"C:\\\\u0000dir\"}",
        "{\"\": \"\", \"dup\": 1, \"dup\": 2}");
  }

  static Stream<Arguments> jsonFieldsTimesObjects() {
    return jsonFields().flatMap(f -> jsonObjects().map(v -> Arguments.of(f, v)));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("jsonFieldsTimesObjects")
  void build_jsonFieldOneObject_isKeptVerbatim(Field field, String json) {
    assertSame(json, field.get().apply(field.with().apply(json)));
  }

  @Test
  void build_jsonObjectLargerThanTextLimit_isAccepted() {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < 20_000; i++) {
      b.append(i == 0 ? "" : ",").append("\"key").append(i).append("\": ").append(i);
    }
    String big = b.append('}').toString();
    assertTrue(big.length() > TEXT);
    assertEquals(big, trace().metadata(big).build().metadata());
  }

  // ---------------------------------------------------------------------------------- occurred_at

  static Stream<Function<Instant, Event>> kindsAt() {
    return Stream.of(
        t -> new TraceEvent("t", "e", TraceLevel.INFO, "", null, null, null, t),
        t -> new RoutingDecision("", "a", 0.5, List.of(), null, "s", t),
        t -> new PerformanceMetric("m", 1.0, "gauge", null, null, t),
        t -> new AgentTransformation("a", "b", "c", null, null, t));
  }

  @ParameterizedTest
  @MethodSource("kindsAt")
  void constructor_occurredAtNull_throwsNamingOccurredAt(Function<Instant, Event> at) {
    InvalidEventException e = assertRefused("occurred_at", () -> at.apply(null));
    assertTrue(e.getMessage().contains("missing"), e.getMessage());
  }

  static Stream<Arguments> kindsTimesOutOfRangeInstants() {
    List<Instant> outside =
        List.of(
            Instant.parse("0000-12-31T23:59:59.999999Z"),
            Instant.parse("0001-01-01T00:00:00Z").minusNanos(1),
            Instant.parse("+10000-01-01T00:00:00Z"),
            Instant.parse("9999-12-31T23:59:59.999999Z").plusNanos(1),
            Instant.MIN,
            Instant.MAX);
    return kindsAt().flatMap(k -> outside.stream().map(t -> Arguments.of(k, t)));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("kindsTimesOutOfRangeInstants")
  void constructor_occurredAtOutsideYears1To9999_throwsNamingOccurredAt(
      Function<Instant, Event> at, Instant t) {
    InvalidEventException e = assertRefused("occurred_at", () -> at.apply(t));
    assertTrue(e.getMessage().contains(t.toString()), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("kindsAt")
  void constructor_occurredAtAtTheEdgesOfTheRange_isAccepted(Function<Instant, Event> at) {
    Instant first = Instant.parse("0001-01-01T00:00:00Z");
    Instant last = Instant.parse("9999-12-31T23:59:59.999999Z");
    assertEquals(first, at.apply(first).occurredAt());
    assertEquals(last, at.apply(last).occurredAt());
    assertEquals(Instant.EPOCH, at.apply(Instant.EPOCH).occurredAt());
  }

  @ParameterizedTest
  @MethodSource("kindsAt")
  void constructor_occurredAt_isTruncatedToMicroseconds(Function<Instant, Event> at) {
    assertEquals(
        Instant.parse("2024-05-06T07:08:09.123456Z"),
        at.apply(Instant.parse("2024-05-06T07:08:09.123456789Z")).occurredAt());
    // Before 1970 truncation still goes towards the earlier microsecond.
    assertEquals(
        Instant.parse("1969-12-31T23:59:59.999999Z"),
        at.apply(Instant.parse("1969-12-31T23:59:59.999999999Z")).occurredAt());
    assertEquals(
        Instant.parse("1960-01-01T00:00:00Z"),
        at.apply(Instant.parse("1960-01-01T00:00:00.000000999Z")).occurredAt());
  }

  @Test
  void constructor_truncatedEvent_equalsOneBuiltFromTheTruncatedInstant() {
    Instant fine = Instant.parse("2024-05-06T07:08:09.123456789Z");
    assertEquals(
        trace().occurredAt(fine.truncatedTo(ChronoUnit.MICROS)).build(),
        trace().occurredAt(fine).build());
  }

  // ----------------------------------------------------------------------------- builder defaults

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
