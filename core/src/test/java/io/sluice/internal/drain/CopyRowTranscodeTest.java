package io.sluice.internal.drain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.uuid.Generators;
import io.sluice.internal.codec.CorruptRecordException;
import io.sluice.internal.codec.EventDecoder;
import io.sluice.internal.codec.EventEncoder;
import io.sluice.internal.codec.RecordCursor;
import io.sluice.model.AgentTransformation;
import io.sluice.model.Event;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingAlternative;
import io.sluice.model.RoutingDecision;
import io.sluice.model.SpooledEvent;
import io.sluice.model.TraceEvent;
import io.sluice.model.TraceLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The drainer's COPY rows, transcoded from spool bytes, are byte for byte the rows written from the
 * decoded events; and a record the cursor is sure of is one the decoder reads into the same row.
 */
class CopyRowTranscodeTest {
  private static final Instant T = Instant.parse("2024-05-06T07:08:09.123456Z");

  static Stream<Event> events() {
    String name = "n".repeat(256);
    return Stream.of(
        new TraceEvent("t-1", "task_started", TraceLevel.INFO, "", null, null, null, T),
        new TraceEvent(
            "trace-0001",
            "tool_called",
            TraceLevel.CRITICAL,
            "Calling tool é中🙂 (attempt 1)",
            "research-agent",
            "task-1",
            "{\"tool\":\"web_search\",\"attempt\":1,\"latency_ms\":37.5}",
            T),
        new TraceEvent(
            name,
            "x".repeat(256),
            TraceLevel.DEBUG,
            "m".repeat(70_000 / 2),
            "é".repeat(256),
            "中".repeat(256),
            "{}",
            T),
        new RoutingDecision("fix the build", "coder", 0.92, List.of(), null, "semantic", T),
        new RoutingDecision(
            "Summarise \"the\" incidents",
            "planner",
            1.0,
            List.of(
                new RoutingAlternative("coder-agent", 0.31),
                new RoutingAlternative("quo\"te\\back\tslash\n\u0001é中🙂", 1.0E-5),
                new RoutingAlternative(" x", 0.0)),
            "highest similarity",
            "semantic",
            T),
        new PerformanceMetric("llm_latency_ms", 123.456, "histogram", "coder", "{\"m\":1}", T),
        new PerformanceMetric("m", -1.0E300, "gauge", null, null, Instant.EPOCH),
        new AgentTransformation("a", "b", "handoff", "needs code", "{\"task\":\"t\"}", T),
        new AgentTransformation(
            "\u00a0a", "b", "h", null, null, Instant.parse("0001-01-01T00:00:00Z")));
  }

  @ParameterizedTest
  @MethodSource("events")
  void writeRecord_anyEvent_writesTheRowOfItsDecodedEvent(Event event) {
    byte[] record = encode(event);
    RecordCursor cursor = new RecordCursor();
    assertTrue(
        cursor.check(record), () -> "certainly valid: " + event.toString().substring(0, 300));

    CopyRowEncoder fromEvent = new CopyRowEncoder();
    fromEvent.writeRow(new EventDecoder().decode(record));
    CopyRowEncoder fromBytes = new CopyRowEncoder();
    fromBytes.writeRecord(cursor);
    assertEquals(
        new String(fromEvent.written(), java.nio.charset.StandardCharsets.ISO_8859_1),
        new String(fromBytes.written(), java.nio.charset.StandardCharsets.ISO_8859_1));
    assertArrayEquals(fromEvent.written(), fromBytes.written());
  }

  @Test
  void check_recordsWithDamage_neverSureOfWhatTheDecoderRefuses() {
    SplittableRandom random = new SplittableRandom(7);
    List<byte[]> records = events().map(CopyRowTranscodeTest::encode).toList();
    RecordCursor cursor = new RecordCursor();
    int sure = 0;
    int refused = 0;
    List<String> wrong = new ArrayList<>();
    for (int round = 0; round < 20_000; round++) {
      byte[] record = records.get(random.nextInt(records.size())).clone();
      int at = random.nextInt(record.length - 4);
      record[at] = (byte) random.nextInt(256);
      reseal(record); // a lie the checksum cannot see: only the field checks can
      boolean decodes;
      try {
        new EventDecoder().decode(record);
        decodes = true;
      } catch (CorruptRecordException e) {
        decodes = false;
        refused++;
      }
      if (cursor.check(record)) {
        sure++;
        if (!decodes) {
          wrong.add("byte " + at + " of " + Arrays.toString(record));
          continue;
        }
        CopyRowEncoder fromEvent = new CopyRowEncoder();
        fromEvent.writeRow(new EventDecoder().decode(record));
        CopyRowEncoder fromBytes = new CopyRowEncoder();
        fromBytes.writeRecord(cursor);
        if (!Arrays.equals(fromEvent.written(), fromBytes.written())) {
          wrong.add("other row: byte " + at + " of " + Arrays.toString(record));
        }
      }
    }
    assertTrue(wrong.isEmpty(), () -> wrong.size() + " wrong, first: " + wrong.get(0));
    assertTrue(sure > 1_000, "sure of " + sure);
    assertTrue(refused > 1_000, "refused " + refused);
  }

  @Test
  void check_badChecksumOrUnpairedSurrogateBytes_isUnsure() {
    byte[] record = encode(events().findFirst().orElseThrow());
    record[record.length - 1] ^= 1;
    assertFalse(new RecordCursor().check(record));
    assertThrows(CorruptRecordException.class, () -> new EventDecoder().decode(record));

    byte[] lone = encode(new TraceEvent("t-1", "abc", TraceLevel.INFO, "", null, null, null, T));
    int at = 26 + 4 + 1; // header, "t-1" (varint and 3 bytes), then the bytes of "abc"
    lone[at] = (byte) 0xED; // ED A0 80 would be U+D800: not UTF-8 PostgreSQL takes
    lone[at + 1] = (byte) 0xA0;
    lone[at + 2] = (byte) 0x80;
    reseal(lone);
    assertFalse(new RecordCursor().check(lone));
    SpooledEvent decoded = new EventDecoder().decode(lone); // the decoder reads it as U+FFFD
    assertTrue(((TraceEvent) decoded.event()).eventType().contains("\uFFFD"));
  }

  private static byte[] encode(Event event) {
    EventEncoder encoder = new EventEncoder(1 << 20);
    UUID id = Generators.timeBasedEpochGenerator().generate();
    int length = encoder.encode(id, event); // first: encoding may replace the buffer
    return Arrays.copyOf(encoder.buffer(), length);
  }

  private static void reseal(byte[] record) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(record, 0, record.length - 4);
    java.nio.ByteBuffer.wrap(record).putInt(record.length - 4, (int) crc.getValue());
  }
}
