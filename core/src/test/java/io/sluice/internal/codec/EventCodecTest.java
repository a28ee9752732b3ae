package io.sluice.internal.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.UUIDClock;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.sluice.AgentTransformation;
import io.sluice.Event;
import io.sluice.InvalidEventException;
import io.sluice.PerformanceMetric;
import io.sluice.RoutingAlternative;
import io.sluice.RoutingDecision;
import io.sluice.TraceEvent;
import io.sluice.TraceLevel;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Encoding events into spool records and decoding them back, exactly, or refusing damage. */
class EventCodecTest {
  private static final Instant T = Instant.parse("2024-05-06T07:08:09.123456Z");
  private static final int NAME = 256;
  private static final int TEXT = 65_536;
  private static final TimeBasedEpochGenerator UUIDS = Generators.timeBasedEpochGenerator();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventEncoder encoder = new EventEncoder(EventCodec.DEFAULT_MAX_EVENT_BYTES);
  private final EventDecoder decoder = new EventDecoder();

  // ------------------------------------------------------------------------------------ helpers

  private static byte[] encode(EventEncoder encoder, UUID id, Event event) {
    int length = encoder.encode(id, event);
    assertTrue(length <= encoder.buffer().length, "length " + length + " past the buffer");
    return Arrays.copyOf(encoder.buffer(), length);
  }

  private byte[] encode(Event event) {
    return encode(encoder, UUIDS.generate(), event);
  }

  /** Encodes, decodes, checks the id and the event survive exactly, and returns the record. */
  private byte[] assertRoundTrip(Event event) {
    return assertRoundTrip(encoder, event);
  }

  private byte[] assertRoundTrip(EventEncoder encoder, Event event) {
    UUID id = UUIDS.generate();
    byte[] record = encode(encoder, id, event);
    SpooledEvent decoded = decoder.decode(record);
    assertEquals(id, decoded.id());
    assertEquals(event, decoded.event());
    return record;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  /** Writes a fresh CRC-32C so only the deliberate change is wrong with the record. */
  private static void reseal(byte[] record) {
    CRC32C crc = new CRC32C();
    crc.update(record, 0, record.length - 4);
    ByteBuffer.wrap(record).putInt(record.length - 4, (int) crc.getValue());
  }

  private static int varintSize(int v) {
    int size = 1;
    while ((v >>>= 7) != 0) {
      size++;
    }
    return size;
  }

  /** Bytes a string field takes in a record: a minimal varint of (UTF-8 length + 1), the bytes. */
  private static int sizeOf(String s) {
    if (s == null) {
      return 1;
    }
    int bytes = s.getBytes(UTF_8).length;
    return varintSize(bytes + 1) + bytes;
  }

  private static int sizeOf(TraceEvent t) {
    return EventCodec.HEADER_BYTES
        + sizeOf(t.traceId())
        + sizeOf(t.eventType())
        + 1
        + sizeOf(t.message())
        + sizeOf(t.agentName())
        + sizeOf(t.taskId())
        + sizeOf(t.metadata())
        + EventCodec.CRC_BYTES;
  }

  /** {@code length} UTF-16 chars of one kind: 1-, 2-, 3- or 4-byte UTF-8 (odd lengths end "a"). */
  private static String chars(String unit, int length) {
    if (unit.length() == 2) {
      return unit.repeat(length / 2) + (length % 2 == 1 ? "a" : "");
    }
    return unit.repeat(length);
  }

  private static TraceEvent message(String message) {
    return new TraceEvent("t", "e", TraceLevel.INFO, message, null, null, null, T);
  }

  // ------------------------------------------------------------------------------------- events

  static TraceEvent fullTrace() {
    return TraceEvent.builder()
        .traceId("trace-7f3a")
        .eventType("task_completed")
        .level(TraceLevel.CRITICAL)
        .message("finished step 3 of 5")
        .agentName("planner")
        .taskId("task-42")
        .metadata("{\"attempt\": 2, \"tags\": [\"a\", \"b\"], \"nested\": {\"x\": null}}")
        .occurredAt(T)
        .build();
  }

  static RoutingDecision fullRouting() {
    return RoutingDecision.builder()
        .userRequest("book me a flight to Lisbon")
        .selectedAgent("travel")
        .confidenceScore(0.875)
        .alternatives(
            List.of(new RoutingAlternative("weather", 0.1), new RoutingAlternative("chat", 0.025)))
        .reasoning("mentions a flight and a city")
        .routingStrategy("semantic")
        .occurredAt(T)
        .build();
  }

  static PerformanceMetric fullMetric() {
    return PerformanceMetric.builder()
        .metricName("latency_ms")
        .metricValue(123.456)
        .metricType("timer")
        .component("router")
        .tags("{\"region\": \"eu-west-1\", \"p\": 99}")
        .occurredAt(T)
        .build();
  }

  static AgentTransformation fullTransformation() {
    return AgentTransformation.builder()
        .sourceAgent("planner")
        .targetAgent("coder")
        .transformationType("delegation")
        .reason("the plan needs code")
        .context("{\"files\": [\"a.py\"], \"step\": 3}")
        .occurredAt(T)
        .build();
  }

  static Stream<Event> fullEvents() {
    return Stream.of(fullTrace(), fullRouting(), fullMetric(), fullTransformation());
  }

  static Stream<Event> minimalEvents() {
    return Stream.of(
        new TraceEvent("t", "e", TraceLevel.DEBUG, "", null, null, null, T),
        new RoutingDecision("", "a", 0.0, List.of(), null, "s", T),
        new PerformanceMetric("m", 0.0, "gauge", null, null, T),
        new AgentTransformation("a", "b", "c", null, null, T));
  }

  /** Every string field of each kind set to {@code s} (the JSON fields hold {@code s}). */
  static Stream<Event> everyFieldHolding(String s) {
    String json = json(Map.of(s, s, "list", List.of(s, 1, true)));
    return Stream.of(
        new TraceEvent(s, s, TraceLevel.ERROR, s, s, s, json, T),
        new RoutingDecision(
            s,
            s,
            0.5,
            List.of(new RoutingAlternative(s, 0.25), new RoutingAlternative(s + s, 1.0)),
            s,
            s,
            T),
        new PerformanceMetric(s, -7.25, s, s, json, T),
        new AgentTransformation(s, s, s, s, json, T));
  }

  // --------------------------------------------------------------------------------- round trips

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

  // ------------------------------------------------------------------ varint length boundaries

  static Stream<Arguments> lengthsAroundVarintBoundaries() {
    int[] lengths = {
      0, 1, 2, 41, 42, 43, 44, 63, 64, 126, 127, 128, 129, 5460, 5461, 5462, 8191, 8192, 16382,
      16383, 16384, 16385, 21845, 21846, 65_535, 65_536
    };
    return Stream.of("a", "é", "中", "🙂")
        .flatMap(unit -> Arrays.stream(lengths).mapToObj(n -> Arguments.of(unit, n)));
  }

  @ParameterizedTest(name = "{1} chars of \"{0}\"")
  @MethodSource("lengthsAroundVarintBoundaries")
  void roundTrip_stringLengthAroundVarintBoundary_isExactAndCompact(String unit, int length) {
    String s = chars(unit, length);
    // The string sits between other fields, so a mis-shifted prefix would corrupt its neighbours.
    TraceEvent event = new TraceEvent("before", "e", TraceLevel.WARNING, s, "after", "🙂", null, T);
    byte[] record = assertRoundTrip(event);
    assertEquals(sizeOf(event), record.length, "the length prefix should be a minimal varint");
  }

  @ParameterizedTest(name = "{0} chars")
  @ValueSource(ints = {41, 42, 43, 44, 127, 128, 255, 256})
  void roundTrip_nameLengthAroundVarintBoundary_isExactAndCompact(int length) {
    for (String unit : List.of("a", "é", "中", "🙂")) {
      String s = chars(unit, length);
      TraceEvent event = new TraceEvent(s, s, TraceLevel.INFO, s, s, s, null, T);
      byte[] record = assertRoundTrip(event);
      assertEquals(sizeOf(event), record.length);
    }
  }

  @ParameterizedTest(name = "JSON of {0} chars")
  @ValueSource(ints = {699_049, 699_050, 699_051, 699_052, 2_097_150, 2_097_151, 2_097_152})
  void roundTrip_jsonLengthAroundFourByteVarint_isExactAndCompact(int length) {
    EventEncoder large = new EventEncoder(EventCodec.MAX_MAX_EVENT_BYTES);
    String json = "{\"k\": \"" + "j".repeat(length - 9) + "\"}";
    assertEquals(length, json.length());
    TraceEvent event = new TraceEvent("t", "e", TraceLevel.INFO, "m", null, "x", json, T);
    byte[] record = assertRoundTrip(large, event);
    assertEquals(sizeOf(event), record.length);
  }

  // ------------------------------------------------------------------------------ encoder reuse

  @Test
  void encode_reusedAcrossEventsOfDifferentSizes_givesIndependentCorrectRecords() {
    Random random = new Random(20240506);
    List<Event> events = new ArrayList<>();
    List<UUID> ids = new ArrayList<>();
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      int length = i % 10 == 0 ? 60_000 + random.nextInt(5_000) : random.nextInt(300);
      String unit = List.of("x", "é", "中", "🙂").get(random.nextInt(4));
      String text = chars(unit, length);
      Event e =
          switch (i % 4) {
            case 0 -> new TraceEvent("t" + i, "e", TraceLevel.INFO, text, null, "task", null, T);
            case 1 -> new RoutingDecision(text, "a" + i, 0.5, List.of(), text, "s", T);
            case 2 -> new PerformanceMetric("m" + i, i, "gauge", null, i % 8 == 2 ? "{}" : null, T);
            default -> new AgentTransformation("a", "b" + i, "c", text, null, T);
          };
      UUID id = UUIDS.generate();
      events.add(e);
      ids.add(id);
      records.add(encode(encoder, id, e));
    }
    for (int i = 0; i < events.size(); i++) {
      byte[] fresh =
          encode(new EventEncoder(EventCodec.DEFAULT_MAX_EVENT_BYTES), ids.get(i), events.get(i));
      assertArrayEquals(fresh, records.get(i), "record " + i + " differs from a fresh encoder's");
      SpooledEvent decoded = decoder.decode(records.get(i));
      assertEquals(ids.get(i), decoded.id());
      assertEquals(events.get(i), decoded.event(), "record " + i);
    }
  }

  @Test
  void encode_afterARefusedEvent_encodesTheNextOneCorrectly() {
    EventEncoder small = new EventEncoder(4096);
    assertThrows(
        InvalidEventException.class,
        () -> small.encode(UUIDS.generate(), message("x".repeat(5000))));
    assertThrows(
        InvalidEventException.class, () -> small.encode(UUIDS.generate(), message("ab\u0000")));
    Event next = fullTrace();
    UUID id = UUIDS.generate();
    byte[] record = encode(small, id, next);
    assertArrayEquals(encode(new EventEncoder(4096), id, next), record);
    assertEquals(next, decoder.decode(record).event());
  }

  // --------------------------------------------------------- characters PostgreSQL cannot store

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

  // ------------------------------------------------------------------------------- size limit

  @Test
  void encode_eventOverMaxEventBytes_throwsNamingMaxEventBytes() {
    EventEncoder small = new EventEncoder(4096);
    InvalidEventException e =
        assertThrows(
            InvalidEventException.class,
            () -> small.encode(UUIDS.generate(), message("x".repeat(5000))));
    assertEquals("event", e.field());
    assertTrue(e.getMessage().contains("maxEventBytes"), e.getMessage());
    assertTrue(e.getMessage().contains("4096"), e.getMessage());
  }

  @Test
  void encode_manyAlternativesOverMaxEventBytes_throwsNamingMaxEventBytes() {
    List<RoutingAlternative> alternatives = new ArrayList<>();
    for (int i = 0; i < RoutingDecision.MAX_ALTERNATIVES; i++) {
      alternatives.add(new RoutingAlternative("agent-" + i, 0.5));
    }
    RoutingDecision r = new RoutingDecision("", "a", 0.5, alternatives, null, "s", T);
    InvalidEventException e =
        assertThrows(
            InvalidEventException.class, () -> new EventEncoder(4096).encode(UUIDS.generate(), r));
    assertTrue(e.getMessage().contains("maxEventBytes"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"x", "é", "中", "🙂"})
  void encode_eventOfExactlyMaxEventBytes_isAcceptedAndOneByteMoreIsNot(String unit) {
    int max = 4096;
    String base = chars(unit, 1000);
    int pad = max - sizeOf(message(base));
    TraceEvent fits = message(base + "x".repeat(pad));
    TraceEvent over = message(base + "x".repeat(pad + 1));
    assertEquals(max, sizeOf(fits));
    assertEquals(max + 1, sizeOf(over));

    EventEncoder limited = new EventEncoder(max);
    assertEquals(max, assertRoundTrip(limited, fits).length);
    InvalidEventException e =
        assertThrows(InvalidEventException.class, () -> limited.encode(UUIDS.generate(), over));
    assertEquals("event", e.field());
    assertTrue(e.getMessage().contains("maxEventBytes"), e.getMessage());
  }

  @Test
  void encode_eventWellUnderTheLimitWithLongAsciiStrings_isAccepted() {
    // 400,000 ASCII chars take 400 KB, not the 1.2 MB a 3-bytes-a-char estimate would reserve.
    String big = "{\"k\": \"" + "a".repeat(400_000) + "\"}";
    TraceEvent event =
        new TraceEvent("t", "e", TraceLevel.INFO, "x".repeat(TEXT), null, null, big, T);
    assertTrue(sizeOf(event) < EventCodec.DEFAULT_MAX_EVENT_BYTES);
    assertEquals(sizeOf(event), assertRoundTrip(event).length);
  }

  @Test
  void encode_limitBelowTheInitialBuffer_isStillEnforced() {
    EventEncoder tiny = new EventEncoder(512);
    TraceEvent fits = message("x".repeat(472));
    assertEquals(512, sizeOf(fits));
    assertEquals(512, assertRoundTrip(tiny, fits).length);
    InvalidEventException e =
        assertThrows(
            InvalidEventException.class,
            () -> tiny.encode(UUIDS.generate(), message("x".repeat(473))));
    assertTrue(e.getMessage().contains("maxEventBytes"), e.getMessage());
  }

  // ------------------------------------------------------------------------------------- layout

  @Test
  void encode_layout_matchesTheDocumentedFormat() {
    UUID id = new UUID(0x0102030405060708L, 0x090A0B0C0D0E0F10L);
    Instant t = Instant.ofEpochSecond(1, 2_000);
    byte[] record = encode(encoder, id, new PerformanceMetric("m", 1.5, "gg", null, "{}", t));
    ByteBuffer expected = ByteBuffer.allocate(record.length);
    expected.put((byte) 1).put((byte) 3);
    expected.putLong(0x0102030405060708L).putLong(0x090A0B0C0D0E0F10L);
    expected.putLong(1_000_002L);
    expected.put((byte) 2).put((byte) 'm');
    expected.putLong(Double.doubleToRawLongBits(1.5));
    expected.put((byte) 3).put((byte) 'g').put((byte) 'g');
    expected.put((byte) 0);
    expected.put((byte) 3).put((byte) '{').put((byte) '}');
    CRC32C crc = new CRC32C();
    crc.update(expected.array(), 0, expected.position());
    expected.putInt((int) crc.getValue());
    assertFalse(expected.hasRemaining());
    assertArrayEquals(expected.array(), record);
  }

  @Test
  void encode_routingLayout_countsAlternativesThenListsThem() {
    RoutingDecision r =
        new RoutingDecision(
            "",
            "a",
            0.5,
            List.of(new RoutingAlternative("b", 0.25), new RoutingAlternative("c", 1)),
            null,
            "s",
            T);
    ByteBuffer record = ByteBuffer.wrap(encode(r));
    int p = EventCodec.HEADER_BYTES;
    assertEquals(2, record.get(1));
    assertEquals(1, record.get(p)); // "" is varint(0 + 1)
    assertEquals(2, record.get(p + 1));
    assertEquals('a', record.get(p + 2));
    assertEquals(0.5, record.getDouble(p + 3));
    assertEquals(2, record.get(p + 11));
    assertEquals(2, record.get(p + 12));
    assertEquals('b', record.get(p + 13));
    assertEquals(0.25, record.getDouble(p + 14));
    assertEquals('c', record.get(p + 23));
    assertEquals(1.0, record.getDouble(p + 24));
    assertEquals(0, record.get(p + 32)); // reasoning null
    assertEquals(2, record.get(p + 33));
    assertEquals('s', record.get(p + 34));
    assertEquals(p + 35 + EventCodec.CRC_BYTES, record.capacity());
  }

  // ---------------------------------------------------------------------------- damage detected

  static Stream<Event> recordsToDamage() {
    return Stream.concat(fullEvents(), minimalEvents());
  }

  @ParameterizedTest
  @MethodSource("recordsToDamage")
  void decode_flippedByte_throwsCorrupt(Event event) {
    byte[] record = encode(event);
    for (int i = 0; i < record.length; i++) {
      for (int mask : new int[] {0x01, 0x80, 0xFF}) {
        byte[] damaged = record.clone();
        damaged[i] ^= (byte) mask;
        int at = i;
        assertThrows(
            CorruptRecordException.class,
            () -> decoder.decode(damaged),
            "byte " + at + " of " + record.length + " flipped with " + mask);
      }
    }
    assertEquals(event, decoder.decode(record).event());
  }

  @ParameterizedTest
  @MethodSource("recordsToDamage")
  void decode_truncatedRecord_throwsCorrupt(Event event) {
    byte[] record = encode(event);
    for (int length = 0; length < record.length; length++) {
      byte[] truncated = Arrays.copyOf(record, length);
      assertThrows(
          CorruptRecordException.class, () -> decoder.decode(truncated), "length " + length);
    }
  }

  @ParameterizedTest
  @MethodSource("recordsToDamage")
  void decode_zeroedTail_throwsCorrupt(Event event) {
    byte[] record = encode(event);
    for (int zeros = 1; zeros <= record.length; zeros++) {
      byte[] torn = record.clone();
      Arrays.fill(torn, record.length - zeros, record.length, (byte) 0);
      if (!Arrays.equals(torn, record)) {
        assertThrows(CorruptRecordException.class, () -> decoder.decode(torn), zeros + " zeros");
      }
    }
  }

  @Test
  void decode_bytesAppended_throwsCorrupt() {
    byte[] record = encode(fullTrace());
    for (int extra = 1; extra <= 8; extra++) {
      byte[] longer = Arrays.copyOf(record, record.length + extra);
      assertThrows(CorruptRecordException.class, () -> decoder.decode(longer));
    }
  }

  @Test
  void decode_allZeroRecord_throwsCorrupt() {
    for (int length = 0; length < 200; length++) {
      byte[] zeros = new byte[length];
      assertThrows(CorruptRecordException.class, () -> decoder.decode(zeros), "length " + length);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2, 3, 127, 255})
  void decode_unknownVersion_throwsCorruptNamingTheVersion(int version) {
    byte[] record = encode(fullMetric());
    record[0] = (byte) version;
    reseal(record);
    CorruptRecordException e =
        assertThrows(CorruptRecordException.class, () -> decoder.decode(record));
    assertTrue(e.getMessage().contains("version " + version), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 5, 128, 255})
  void decode_unknownKind_throwsCorruptNamingTheKind(int code) {
    byte[] record = encode(fullMetric());
    record[1] = (byte) code;
    reseal(record);
    CorruptRecordException e =
        assertThrows(CorruptRecordException.class, () -> decoder.decode(record));
    assertTrue(e.getMessage().contains("kind code " + code), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 6, 255})
  void decode_unknownTraceLevel_throwsCorrupt(int code) {
    byte[] record = encode(message("m"));
    int levelAt = EventCodec.HEADER_BYTES + sizeOf("t") + sizeOf("e");
    assertEquals(TraceLevel.INFO.code(), record[levelAt]);
    record[levelAt] = (byte) code;
    reseal(record);
    CorruptRecordException e =
        assertThrows(CorruptRecordException.class, () -> decoder.decode(record));
    assertTrue(e.getMessage().contains("level"), e.getMessage());
  }

  @Test
  void decode_kindCodeOfAnotherKind_throwsCorrupt() {
    byte[] record = encode(fullTransformation());
    for (int code = 1; code <= 3; code++) {
      byte[] other = record.clone();
      other[1] = (byte) code;
      reseal(other);
      assertThrows(CorruptRecordException.class, () -> decoder.decode(other), "kind " + code);
    }
  }

  @Test
  void decode_fieldsThatBreakEventRules_throwsCorruptNotInvalidEvent() {
    byte[] record = encode(new RoutingDecision("", "a", 0.5, List.of(), null, "s", T));
    int confidenceAt = EventCodec.HEADER_BYTES + sizeOf("") + sizeOf("a");
    ByteBuffer.wrap(record).putDouble(confidenceAt, Double.NaN);
    reseal(record);
    CorruptRecordException e =
        assertThrows(CorruptRecordException.class, () -> decoder.decode(record));
    assertTrue(e.getMessage().contains("confidence_score"), e.getMessage());
  }

  @Test
  void decode_occurredAtOutOfRange_throwsCorrupt() {
    byte[] record = encode(message("m"));
    ByteBuffer.wrap(record).putLong(18, Long.MAX_VALUE);
    reseal(record);
    assertThrows(CorruptRecordException.class, () -> decoder.decode(record));
  }

  @Test
  void decode_extraByteBeforeTheChecksum_throwsCorruptSayingLeftOver() {
    byte[] record = encode(fullMetric());
    byte[] longer = Arrays.copyOf(record, record.length + 1);
    reseal(longer);
    CorruptRecordException e =
        assertThrows(CorruptRecordException.class, () -> decoder.decode(longer));
    assertTrue(e.getMessage().contains("left over"), e.getMessage());
  }

  @Test
  void decode_stringLengthPastTheRecord_throwsCorrupt() {
    byte[] record = encode(message("m"));
    for (int lengthPlusOne : new int[] {0x7F, 0x40, 0x20}) {
      byte[] damaged = record.clone();
      damaged[EventCodec.HEADER_BYTES] = (byte) lengthPlusOne;
      reseal(damaged);
      assertThrows(CorruptRecordException.class, () -> decoder.decode(damaged));
    }
  }

  @Test
  void decode_headerOnlyWithValidChecksum_throwsCorrupt() {
    byte[] record =
        Arrays.copyOf(encode(message("m")), EventCodec.HEADER_BYTES + EventCodec.CRC_BYTES);
    reseal(record);
    assertThrows(CorruptRecordException.class, () -> decoder.decode(record));
  }

  @Test
  void decode_afterACorruptRecord_decodesTheNextOne() {
    byte[] bad = encode(fullTrace());
    bad[bad.length / 2] ^= 1;
    assertThrows(CorruptRecordException.class, () -> decoder.decode(bad));
    IntStream.range(0, 3).forEach(i -> fullEvents().forEach(this::assertRoundTrip));
  }

  // -------------------------------------------------------------------------------- recorded at

  @Test
  void recordedAt_isTheMillisecondsInTheUuidv7() {
    long millis = 1_700_000_000_123L;
    UUIDClock fixed =
        new UUIDClock() {
          @Override
          public long currentTimeMillis() {
            return millis;
          }
        };
    UUID id = Generators.timeBasedEpochGenerator(new Random(1), fixed).generate();
    assertEquals(7, id.version());
    assertEquals(Instant.ofEpochMilli(millis), new SpooledEvent(id, fullTrace()).recordedAt());
    assertEquals(millis, SpooledEvent.recordedAtMillis(id));

    SpooledEvent decoded = decoder.decode(encode(encoder, id, fullTrace()));
    assertEquals(Instant.ofEpochMilli(millis), decoded.recordedAt());
  }

  @Test
  void recordedAt_ofAFreshUuidv7_isNow() {
    long before = System.currentTimeMillis();
    UUID id = Generators.timeBasedEpochGenerator().generate();
    long after = System.currentTimeMillis();
    long recorded = new SpooledEvent(id, fullMetric()).recordedAt().toEpochMilli();
    assertTrue(
        before <= recorded && recorded <= after, before + " <= " + recorded + " <= " + after);
  }

  @Test
  void recordedAt_ofAHandMadeUuidv7_readsTheTop48Bits() {
    long millis = 0xFFFF_FFFF_FFFFL; // the largest 48-bit time, year 10889
    UUID id = new UUID((millis << 16) | 0x7ABC, 0x8000_0000_0000_0001L);
    assertEquals(Instant.ofEpochMilli(millis), new SpooledEvent(id, fullMetric()).recordedAt());
    UUID early = new UUID((1L << 16) | 0x7000, 0x8000_0000_0000_0000L);
    assertEquals(Instant.ofEpochMilli(1), new SpooledEvent(early, fullMetric()).recordedAt());
  }
}
