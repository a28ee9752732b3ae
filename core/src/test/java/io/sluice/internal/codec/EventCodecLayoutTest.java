package io.sluice.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingAlternative;
import io.sluice.model.RoutingDecision;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Records are laid out byte for byte as the format drawn in {@link EventCodec}. */
class EventCodecLayoutTest extends EventCodecFixtures {
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
}
