package io.sluice.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.model.InvalidEventException;
import io.sluice.model.RoutingAlternative;
import io.sluice.model.RoutingDecision;
import io.sluice.model.TraceEvent;
import io.sluice.model.TraceLevel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The encoder refuses records over maxEventBytes and accepts those of exactly that size. */
class EventEncoderLimitsTest extends EventCodecFixtures {
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
    int size = sizeOf(message("x".repeat(5000)));
    assertTrue(
        e.getMessage().contains("event is " + size + " bytes encoded (expected at most 4096"),
        e.getMessage());
  }

  @Test
  void encodedLength_isTheLengthEncodeWrites_forEveryKind() {
    EventEncoder unlimited = new EventEncoder(EventCodec.MAX_MAX_EVENT_BYTES);
    List<io.sluice.model.Event> events = new ArrayList<>();
    fullEvents().forEach(events::add);
    minimalEvents().forEach(events::add);
    everyFieldHolding(chars("🙂", 30) + chars("é", 20) + "中").forEach(events::add);
    for (io.sluice.model.Event event : events) {
      assertEquals(
          unlimited.encode(UUIDS.generate(), event),
          EventEncoder.encodedLength(event),
          event.toString());
    }
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
}
