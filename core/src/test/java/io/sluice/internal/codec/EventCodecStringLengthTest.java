package io.sluice.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.model.TraceEvent;
import io.sluice.model.TraceLevel;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Strings around the varint boundaries of their length prefix round-trip in minimal records. */
class EventCodecStringLengthTest extends EventCodecFixtures {
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
}
