package io.sluice.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.model.AgentTransformation;
import io.sluice.model.Event;
import io.sluice.model.InvalidEventException;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingAlternative;
import io.sluice.model.RoutingDecision;
import io.sluice.model.TraceEvent;
import io.sluice.model.TraceLevel;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The encoder refuses characters PostgreSQL cannot store (NUL, unpaired surrogates), naming the
 * field.
 */
class EventEncoderCharacterTest extends EventCodecFixtures {
  record StringField(String name, Function<String, Event> with) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<StringField> stringFields() {
    return Stream.of(
        new StringField(
            "trace_id", s -> new TraceEvent(s, "e", TraceLevel.INFO, "", null, null, null, T)),
        new StringField(
            "event_type", s -> new TraceEvent("t", s, TraceLevel.INFO, "", null, null, null, T)),
        new StringField(
            "message", s -> new TraceEvent("t", "e", TraceLevel.INFO, s, null, null, null, T)),
        new StringField(
            "agent_name", s -> new TraceEvent("t", "e", TraceLevel.INFO, "", s, null, null, T)),
        new StringField(
            "task_id", s -> new TraceEvent("t", "e", TraceLevel.INFO, "", null, s, null, T)),
        new StringField(
            "user_request", s -> new RoutingDecision(s, "a", 0.5, List.of(), null, "s", T)),
        new StringField(
            "selected_agent", s -> new RoutingDecision("", s, 0.5, List.of(), null, "s", T)),
        new StringField(
            "alternatives.agent",
            s ->
                new RoutingDecision(
                    "", "a", 0.5, List.of(new RoutingAlternative(s, 0.1)), null, "s", T)),
        new StringField("reasoning", s -> new RoutingDecision("", "a", 0.5, List.of(), s, "s", T)),
        new StringField(
            "routing_strategy", s -> new RoutingDecision("", "a", 0.5, List.of(), null, s, T)),
        new StringField("metric_name", s -> new PerformanceMetric(s, 1, "gauge", null, null, T)),
        new StringField("metric_type", s -> new PerformanceMetric("m", 1, s, null, null, T)),
        new StringField("component", s -> new PerformanceMetric("m", 1, "gauge", s, null, T)),
        new StringField("source_agent", s -> new AgentTransformation(s, "b", "c", null, null, T)),
        new StringField("target_agent", s -> new AgentTransformation("a", s, "c", null, null, T)),
        new StringField(
            "transformation_type", s -> new AgentTransformation("a", "b", s, null, null, T)),
        new StringField("reason", s -> new AgentTransformation("a", "b", "c", s, null, T)));
  }

  static Stream<Arguments> stringFieldsTimes(String... values) {
    return stringFields().flatMap(f -> Arrays.stream(values).map(v -> Arguments.of(f, v)));
  }

  static Stream<Arguments> stringFieldsTimesNul() {
    return stringFieldsTimes(
        "\u0000", "ab\u0000", "\u0000cd", "中🙂\u0000é", "x".repeat(200) + "\u0000");
  }

  @ParameterizedTest(name = "{0} [{index}]")
  @MethodSource("stringFieldsTimesNul")
  void encode_nulCharacter_throwsInvalidEventNamingField(StringField field, String value) {
    Event event = field.with().apply(value);
    InvalidEventException e =
        assertThrows(InvalidEventException.class, () -> encoder.encode(UUIDS.generate(), event));
    assertEquals(field.name(), e.field(), e.getMessage());
    assertTrue(e.getMessage().contains(field.name()), e.getMessage());
    assertTrue(e.getMessage().contains("NUL"), e.getMessage());
    assertTrue(e.getMessage().chars().noneMatch(Character::isISOControl), e.getMessage());
    if (value.length() <= 80) { // longer values are shown cut to 80 characters
      assertTrue(e.getMessage().contains("\\u0000"), e.getMessage()); // shown, escaped
    }
  }

  static Stream<Arguments> stringFieldsTimesUnpairedSurrogates() {
    char high = '\uD83D';
    char low = '\uDE42';
    return stringFieldsTimes(
        "a" + high,
        high + "b",
        String.valueOf(high),
        String.valueOf(low),
        low + "x",
        "" + low + high,
        "x" + high + high + low,
        "ok🙂 then " + low,
        "中".repeat(100) + high + "中");
  }

  @ParameterizedTest(name = "{0} [{index}]")
  @MethodSource("stringFieldsTimesUnpairedSurrogates")
  void encode_unpairedSurrogate_throwsInvalidEventNamingField(StringField field, String value) {
    Event event = field.with().apply(value);
    InvalidEventException e =
        assertThrows(InvalidEventException.class, () -> encoder.encode(UUIDS.generate(), event));
    assertEquals(field.name(), e.field(), e.getMessage());
    assertTrue(e.getMessage().contains(field.name()), e.getMessage());
    assertTrue(e.getMessage().contains("surrogate"), e.getMessage());
  }

  @Test
  void encode_unpairedSurrogate_messageGivesItsPosition() {
    InvalidEventException e =
        assertThrows(
            InvalidEventException.class,
            () -> encoder.encode(UUIDS.generate(), message("abc" + '\uD800' + "def")));
    assertTrue(e.getMessage().contains("position 3"), e.getMessage());
  }
}
