package io.sluice;

import io.sluice.model.AgentTransformation;
import io.sluice.model.Event;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingAlternative;
import io.sluice.model.RoutingDecision;
import io.sluice.model.TraceEvent;
import io.sluice.model.TraceLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Events of every kind whose fields sit at the edges of what Sluice accepts: unicode outside the
 * BMP, control characters, empty strings next to nulls, the longest names and texts, ~100 KB of
 * JSON, the most alternatives, extreme doubles, times before 1970 and at both ends of the range.
 */
final class RoundTripSamples {
  /** Emoji with ZWJ sequences and a variation selector, then CJK incl. a plane-2 ideograph. */
  static final String EMOJI = "😀👩‍👩‍👧‍👦🏳️‍🌈";

  static final String CJK = "漢字かなカナ한국어𠀋";

  /** Scripts, controls PostgreSQL accepts (not NUL), BOM, U+FFFF, quotes and SQL/format bait. */
  static final String MIXED =
      "naïve café — Ωμέγα עברית العربية "
          + EMOJI
          + CJK
          + " \t\n\r\u0001\u001f\u007f\u00a0\u200b\ufeff\uffff 𝄞 \\ \" ' %s {} $1 ; DROP TABLE x; --";

  /** 256 UTF-16 chars (the name limit), all of them surrogate pairs. */
  static final String LONGEST_NAME = "𝄞".repeat(128);

  /** 65,536 chars (the text limit), 3 bytes each in UTF-8. */
  static final String LONGEST_TEXT = "漢".repeat(65_536); // EventRules.MAX_TEXT_CHARS

  static final Instant MOON_LANDING = Instant.parse("1969-07-20T20:17:40.123456Z");
  static final Instant LAST_MICRO_BEFORE_EPOCH = Instant.parse("1969-12-31T23:59:59.999999Z");
  static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  /** Has nanoseconds: the event keeps .123456 (truncated, not rounded). */
  static final Instant WITH_NANOS = Instant.parse("2024-02-29T12:00:00.123456789Z");

  static final double[] EXTREME_DOUBLES = {
    Double.MAX_VALUE,
    -Double.MAX_VALUE,
    Double.MIN_VALUE,
    -Double.MIN_VALUE,
    Double.MIN_NORMAL,
    1e-310,
    -0.0,
    0.0,
    Math.PI,
    0.1 + 0.2,
    (double) Long.MAX_VALUE,
    Math.nextUp(1.0),
    -1e300
  };

  /** Confidences: the ends of [0, 1], the smallest subnormal, the double just under 1. */
  static final double[] EXTREME_CONFIDENCES = {
    0.0, 1.0, Double.MIN_VALUE, Math.nextDown(1.0), 0.1 + 0.2, 1e-300, 0.5
  };

  private RoundTripSamples() {}

  /** About 100 KB of JSON: every JSON type, escapes, odd number forms, nesting, unicode keys. */
  static String largeJson() {
    StringBuilder sb = new StringBuilder(110_000);
    sb.append("{\"numbers\":[0,-0,1,1.0,1e3,1.5E-7,-2.25,12345678901234567890123,1E+400,0.1],")
        .append("\"escapes\":\"\\u00e9\\ud83d\\ude00\\n\\t\\\\\\\"\\/\",")
        .append("\"raw\":\"")
        .append(EMOJI)
        .append(CJK)
        .append("\",")
        .append("\"literals\":[true,false,null],\"empty\":{},\"emptyArray\":[],\"\":\"empty key\",")
        .append("\"nested\":{\"a\":{\"b\":{\"c\":[[[]],{\"d\":null}]}}},")
        .append("\"キー😀\":\"unicode key\",\"bulk\":[");
    for (int i = 0; i < 1_100; i++) {
      sb.append(i == 0 ? "" : ",")
          .append("{\"i\":")
          .append(i)
          .append(",\"name\":\"項目-")
          .append(i)
          .append("-😀\"")
          .append(",\"ratio\":")
          .append(i / 7.0)
          .append(",\"tags\":[\"x\",\"y\",")
          .append(i % 2 == 0)
          .append("]}");
    }
    return sb.append("]}").toString();
  }

  static List<Event> traceEvents() {
    List<Event> events = new ArrayList<>();
    events.add(
        new TraceEvent(
            MIXED,
            "task_started " + CJK,
            TraceLevel.CRITICAL,
            MIXED + EMOJI,
            "agent " + EMOJI,
            "task " + CJK,
            largeJson(),
            MOON_LANDING));
    events.add(
        new TraceEvent(
            "t-min", "e", TraceLevel.DEBUG, "", null, null, null, LAST_MICRO_BEFORE_EPOCH));
    events.add(
        new TraceEvent(
            LONGEST_NAME,
            LONGEST_NAME,
            TraceLevel.ERROR,
            LONGEST_TEXT,
            LONGEST_NAME,
            LONGEST_NAME,
            "{}",
            EARLIEST));
    events.add(
        new TraceEvent(
            "t-empty-optionals", "e", TraceLevel.WARNING, "m", "", "", "{\"k\":\"\"}", LATEST));
    for (TraceLevel level : TraceLevel.values()) {
      events.add(
          new TraceEvent("t-" + level, "level", level, level.name(), null, null, null, WITH_NANOS));
    }
    return events;
  }

  static List<Event> routingDecisions() {
    List<RoutingAlternative> most = new ArrayList<>();
    for (int i = 0; i < RoutingDecision.MAX_ALTERNATIVES; i++) {
      String agent = i % 3 == 0 ? "agent-" + i + EMOJI : i % 3 == 1 ? CJK + i : "a\"\\/" + i;
      most.add(new RoutingAlternative(agent, EXTREME_CONFIDENCES[i % EXTREME_CONFIDENCES.length]));
    }
    List<Event> events = new ArrayList<>();
    events.add(
        new RoutingDecision(
            LONGEST_TEXT,
            "selected " + EMOJI,
            Math.nextDown(1.0),
            most,
            MIXED,
            "semantic " + CJK,
            MOON_LANDING));
    events.add(new RoutingDecision("", "a", 0.0, List.of(), null, "s", LAST_MICRO_BEFORE_EPOCH));
    events.add(
        new RoutingDecision(
            MIXED,
            LONGEST_NAME,
            1.0,
            List.of(new RoutingAlternative(LONGEST_NAME, 1.0)),
            "",
            LONGEST_NAME,
            EARLIEST));
    for (double c : EXTREME_CONFIDENCES) {
      events.add(
          new RoutingDecision(
              "r", "a", c, List.of(new RoutingAlternative("b", c)), null, "s", LATEST));
    }
    // The column keeps the sign of zero (float8); the alternatives' JSON is checked without it.
    events.add(new RoutingDecision("r", "a", -0.0, List.of(), null, "s", WITH_NANOS));
    return events;
  }

  static List<Event> performanceMetrics() {
    List<Event> events = new ArrayList<>();
    events.add(
        new PerformanceMetric(
            "latency " + EMOJI,
            Math.PI,
            "timer " + CJK,
            "component " + EMOJI,
            largeJson(),
            MOON_LANDING));
    events.add(new PerformanceMetric(LONGEST_NAME, 1, LONGEST_NAME, LONGEST_NAME, "{}", EARLIEST));
    events.add(new PerformanceMetric("m-empty", 2, "gauge", "", "{\"\":\"\"}", LATEST));
    for (double v : EXTREME_DOUBLES) {
      events.add(new PerformanceMetric("m", v, "gauge", null, null, LAST_MICRO_BEFORE_EPOCH));
    }
    events.add(new PerformanceMetric("m-nanos", 0, "counter", null, null, WITH_NANOS));
    return events;
  }

  static List<Event> transformations() {
    List<Event> events = new ArrayList<>();
    events.add(
        new AgentTransformation(
            "from " + EMOJI, "to " + CJK, "delegation Ωμέγα", MIXED, largeJson(), MOON_LANDING));
    events.add(new AgentTransformation("a", "b", "x", null, null, LAST_MICRO_BEFORE_EPOCH));
    events.add(new AgentTransformation("a", "b", "x", "", "{}", WITH_NANOS));
    events.add(
        new AgentTransformation(
            LONGEST_NAME,
            LONGEST_NAME,
            LONGEST_NAME,
            LONGEST_TEXT,
            "{\"list\":[1,2,3]}",
            EARLIEST));
    events.add(new AgentTransformation("a", "b", "x", "r", null, LATEST));
    return events;
  }
}
