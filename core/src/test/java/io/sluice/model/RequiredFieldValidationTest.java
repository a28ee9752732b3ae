package io.sluice.model;

import static io.sluice.model.EventValidationFixtures.T;
import static io.sluice.model.EventValidationFixtures.assertRefused;
import static io.sluice.model.EventValidationFixtures.requiredNames;
import static io.sluice.model.EventValidationFixtures.trace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.model.EventValidationFixtures.Field;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Required fields refuse null and blank values naming the field; optional ones accept null. */
class RequiredFieldValidationTest {
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
  @MethodSource("io.sluice.model.EventValidationFixtures#requiredTexts")
  void build_requiredTextNull_throwsNamingField(Field field) {
    InvalidEventException e = assertRefused(field, null);
    assertTrue(e.getMessage().contains("missing"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.sluice.model.EventValidationFixtures#texts")
  void build_textEmptyOrBlank_isAccepted(Field field) {
    assertEquals("", field.get().apply(field.with().apply("")));
    assertEquals("  ", field.get().apply(field.with().apply("  ")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.sluice.model.EventValidationFixtures#optionalFields")
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
}
