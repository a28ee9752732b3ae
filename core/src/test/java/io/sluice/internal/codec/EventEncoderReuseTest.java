package io.sluice.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.model.AgentTransformation;
import io.sluice.model.Event;
import io.sluice.model.InvalidEventException;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingDecision;
import io.sluice.model.SpooledEvent;
import io.sluice.model.TraceEvent;
import io.sluice.model.TraceLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** One encoder reused across events, refused ones included, writes what a fresh encoder would. */
class EventEncoderReuseTest extends EventCodecFixtures {
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
}
