package io.sluice.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.model.Event;
import io.sluice.model.RoutingDecision;
import io.sluice.model.TraceLevel;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The decoder refuses damaged records (flipped, cut, padded, resealed lies) as corrupt. */
class EventCodecDamageTest extends EventCodecFixtures {
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
}
