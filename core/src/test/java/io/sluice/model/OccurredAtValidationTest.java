package io.sluice.model;

import static io.sluice.model.EventValidationFixtures.assertRefused;
import static io.sluice.model.EventValidationFixtures.trace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** occurred_at is required, within years 1 to 9999, and truncated to microseconds. */
class OccurredAtValidationTest {
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
}
