package io.sluice.internal.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sluice.model.AgentTransformation;
import io.sluice.model.Event;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingAlternative;
import io.sluice.model.RoutingDecision;
import io.sluice.model.TraceEvent;
import io.sluice.model.TraceLevel;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every event kind, field value, instant and double survives encoding and decoding exactly. */
class EventCodecRoundTripTest extends EventCodecFixtures {
  @ParameterizedTest
  @MethodSource("fullEvents")
  void roundTrip_everyFieldOfEveryKind_isExact(Event event) {
    assertRoundTrip(event);
  }

  @ParameterizedTest
  @MethodSource("minimalEvents")
  void roundTrip_everyOptionalFieldNull_staysNull(Event event) {
    assertRoundTrip(event);
  }

  @Test
  void roundTrip_optionalFieldsNull_decodeAsNullNotEmpty() {
    TraceEvent t = (TraceEvent) decoder.decode(encode(minimalEvents().findFirst().get())).event();
    assertNull(t.agentName());
    assertNull(t.taskId());
    assertNull(t.metadata());
    RoutingDecision r =
        (RoutingDecision)
            decoder
                .decode(encode(new RoutingDecision("", "a", 0, List.of(), null, "s", T)))
                .event();
    assertNull(r.reasoning());
    assertEquals(List.of(), r.alternatives());
    PerformanceMetric m =
        (PerformanceMetric)
            decoder.decode(encode(new PerformanceMetric("m", 1, "g", null, null, T))).event();
    assertNull(m.component());
    assertNull(m.tags());
    AgentTransformation x =
        (AgentTransformation)
            decoder.decode(encode(new AgentTransformation("a", "b", "c", null, null, T))).event();
    assertNull(x.reason());
    assertNull(x.context());
  }

  @Test
  void roundTrip_emptyStrings_stayEmptyNotNull() {
    assertRoundTrip(new TraceEvent("t", "e", TraceLevel.INFO, "", "", "", "{}", T));
    assertRoundTrip(new RoutingDecision("", "a", 1.0, List.of(), "", "s", T));
    assertRoundTrip(new PerformanceMetric("m", 1.0, "gauge", "", "{}", T));
    assertRoundTrip(new AgentTransformation("a", "b", "c", "", "{}", T));
    TraceEvent t =
        (TraceEvent)
            decoder
                .decode(encode(new TraceEvent("t", "e", TraceLevel.INFO, "", "", "", null, T)))
                .event();
    assertEquals("", t.message());
    assertEquals("", t.agentName());
    assertEquals("", t.taskId());
  }

  @ParameterizedTest
  @EnumSource(TraceLevel.class)
  void roundTrip_everyTraceLevel_isKept(TraceLevel level) {
    assertRoundTrip(new TraceEvent("t", "e", level, "m", null, null, null, T));
  }

  static Stream<String> unicode() {
    return Stream.of(
        "日本語のテキストと中文字符",
        "한국어 텍스트",
        "🙂🚀👩‍👩‍👧‍👦🏳️‍🌈",
        "accentué: é à ç ñ ü Å ø ß",
        "Ελληνικά и кириллица",
        "a€𝄞中é",
        "\u007F\u0080\u07FF\u0800\uFFFD\uFFFF",
        "\uD7FF\uE000\uFEFF",
        "\uD800\uDC00 \uDBFF\uDFFF",
        "mixed ascii then 字 then 🙂 then é");
  }

  @ParameterizedTest
  @MethodSource("unicode")
  void roundTrip_unicodeInEveryStringField_isExact(String s) {
    everyFieldHolding(s).forEach(this::assertRoundTrip);
  }

  @ParameterizedTest
  @MethodSource("unicode")
  void encode_unicode_isStandardUtf8(String s) {
    byte[] record = encode(message(s));
    byte[] utf8 = s.getBytes(UTF_8);
    int messageBytes = EventCodec.HEADER_BYTES + sizeOf("t") + sizeOf("e") + 1;
    int prefix = varintSize(utf8.length + 1);
    assertArrayEquals(
        utf8,
        Arrays.copyOfRange(record, messageBytes + prefix, messageBytes + prefix + utf8.length));
  }

  @Test
  void roundTrip_jsonOf200Kilobytes_isExact() {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; b.length() < 200 * 1024; i++) {
      b.append(i == 0 ? "" : ", ")
          .append("\"key-")
          .append(i)
          .append("\": \"välue 値 ")
          .append(i)
          .append('"');
    }
    String big = b.append('}').toString();
    assertRoundTrip(new TraceEvent("t", "e", TraceLevel.INFO, "", null, null, big, T));
    assertRoundTrip(new PerformanceMetric("m", 1, "gauge", null, big, T));
    assertRoundTrip(new AgentTransformation("a", "b", "c", null, big, T));
  }

  @Test
  void roundTrip_thousandAlternatives_keepsOrderAndValues() {
    List<RoutingAlternative> alternatives = new ArrayList<>();
    double[] confidences = {0.0, -0.0, Double.MIN_VALUE, 1.0, 0.1 + 0.2};
    for (int i = 0; i < RoutingDecision.MAX_ALTERNATIVES; i++) {
      String agent = (i % 3 == 0 ? "agént-" : i % 3 == 1 ? "代理-" : "🤖-") + i;
      alternatives.add(new RoutingAlternative(agent, confidences[i % confidences.length]));
    }
    RoutingDecision r = new RoutingDecision("req", "chosen", 0.5, alternatives, "why", "s", T);
    byte[] record = assertRoundTrip(r);
    RoutingDecision back = (RoutingDecision) decoder.decode(record).event();
    assertEquals(alternatives, back.alternatives());
    assertEquals(
        Double.doubleToRawLongBits(-0.0),
        Double.doubleToRawLongBits(back.alternatives().get(1).confidence()));
  }

  @Test
  void roundTrip_everyStringAtItsLimit_isExact() {
    for (String unit : List.of("n", "é", "中", "🙂")) {
      String name = chars(unit, NAME);
      String text = chars(unit, TEXT);
      assertEquals(NAME, name.length());
      assertEquals(TEXT, text.length());
      assertRoundTrip(new TraceEvent(name, name, TraceLevel.INFO, text, name, name, null, T));
      assertRoundTrip(
          new RoutingDecision(
              text, name, 0.5, List.of(new RoutingAlternative(name, 0.5)), text, name, T));
      assertRoundTrip(new PerformanceMetric(name, 1.0, name, name, null, T));
      assertRoundTrip(new AgentTransformation(name, name, name, text, null, T));
    }
  }

  static Stream<Instant> instants() {
    return Stream.of(
        Instant.parse("0001-01-01T00:00:00Z"),
        Instant.parse("0001-01-01T00:00:00.000001Z"),
        Instant.parse("1000-06-15T12:00:00.5Z"),
        Instant.parse("1900-01-01T00:00:00.000001Z"),
        Instant.parse("1969-12-31T23:59:59Z"),
        Instant.parse("1969-12-31T23:59:59.999999Z"),
        Instant.parse("1969-12-31T23:59:59.000001Z"),
        Instant.EPOCH,
        Instant.parse("1970-01-01T00:00:00.000001Z"),
        T,
        Instant.parse("2262-04-11T23:47:16.854776Z"),
        Instant.parse("9999-12-31T23:59:59.999999Z"));
  }

  @ParameterizedTest
  @MethodSource("instants")
  void roundTrip_occurredAtFromYear1To9999_isExactToTheMicrosecond(Instant t) {
    assertRoundTrip(new TraceEvent("t", "e", TraceLevel.INFO, "", null, null, null, t));
    assertRoundTrip(new RoutingDecision("", "a", 0.5, List.of(), null, "s", t));
    assertRoundTrip(new PerformanceMetric("m", 1.0, "gauge", null, null, t));
    assertRoundTrip(new AgentTransformation("a", "b", "c", null, null, t));
  }

  @Test
  void encode_occurredAtBefore1970_isNegativeMicroseconds() {
    Instant t = Instant.parse("1969-12-31T23:59:59.999999Z");
    byte[] record = encode(new PerformanceMetric("m", 1.0, "gauge", null, null, t));
    assertEquals(-1L, ByteBuffer.wrap(record).getLong(18));
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {
        Double.MIN_VALUE,
        -Double.MIN_VALUE,
        Double.MIN_NORMAL,
        -0.0,
        0.0,
        1e308,
        -1e308,
        Double.MAX_VALUE,
        -Double.MAX_VALUE,
        1.0 / 3,
        -123456.789e-300
      })
  void roundTrip_extremeMetricValue_keepsEveryBit(double value) {
    byte[] record = assertRoundTrip(new PerformanceMetric("m", value, "gauge", null, null, T));
    double back = ((PerformanceMetric) decoder.decode(record).event()).metricValue();
    assertEquals(Double.doubleToRawLongBits(value), Double.doubleToRawLongBits(back));
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.0, 0.0, Double.MIN_VALUE, 0.1 + 0.2, 0.9999999999999999, 1.0})
  void roundTrip_extremeConfidence_keepsEveryBit(double value) {
    byte[] record =
        assertRoundTrip(
            new RoutingDecision(
                "", "a", value, List.of(new RoutingAlternative("b", value)), null, "s", T));
    RoutingDecision back = (RoutingDecision) decoder.decode(record).event();
    assertEquals(
        Double.doubleToRawLongBits(value), Double.doubleToRawLongBits(back.confidenceScore()));
    assertEquals(
        Double.doubleToRawLongBits(value),
        Double.doubleToRawLongBits(back.alternatives().get(0).confidence()));
  }
}
