package io.sluice.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.UUIDClock;
import io.sluice.model.SpooledEvent;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** When an event was recorded comes from the milliseconds in its UUIDv7. */
class SpooledEventTest extends EventCodecFixtures {
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
