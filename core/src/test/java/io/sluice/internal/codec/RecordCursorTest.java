package io.sluice.internal.codec;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.model.PerformanceMetric;
import io.sluice.model.SpooledEvent;
import io.sluice.model.TraceEvent;
import io.sluice.model.TraceLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What {@link RecordCursor#readMetric} reads in place, for the drainer's rollups, is what {@link
 * EventDecoder#decode} gives: the same name, component (null included), value to the bit, and
 * recorded-at millisecond, for random metrics of any script and length and the extreme values.
 */
class RecordCursorTest {
  /** Code points of every UTF-8 length, whitespace and controls PostgreSQL takes, U+FFFF. */
  private static final int[] CODE_POINTS = {
    'a', 'Z', '0', '_', '.', ' ', '\t', 0x01, 0x7F, 0xA0, 'é', 'Ω', 0x05D0, 0x3000, '漢', 0xFEFF,
    0xFFFF, 0x1F600, 0x1D11E, 0x2000B, 0x10FFFF
  };

  private static final double[] EXTREMES = {
    Double.MAX_VALUE,
    -Double.MAX_VALUE,
    Double.MIN_VALUE,
    -Double.MIN_VALUE,
    Double.MIN_NORMAL,
    0.0,
    -0.0,
    1e308,
    -1e-308,
    Math.PI
  };

  @Test
  void readMetric_randomAndEdgeMetrics_fieldsEqualTheDecodedEvent() {
    SplittableRandom random = new SplittableRandom(12);
    EventEncoder encoder = new EventEncoder(1 << 20);
    EventDecoder decoder = new EventDecoder();
    RecordCursor cursor = new RecordCursor();
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      PerformanceMetric metric =
          new PerformanceMetric(
              name(random, i == 0 ? 256 : 1 + random.nextInt(i % 10 == 0 ? 256 : 12)),
              i < EXTREMES.length ? EXTREMES[i] : value(random),
              name(random, 1 + random.nextInt(8)),
              component(random, i),
              random.nextBoolean() ? null : "{\"k\":" + random.nextInt() + "}",
              Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L)));
      long ms = random.nextLong(0, 1L << 47);
      UUID id = new UUID(ms << 16 | 0x7000 | random.nextInt(0x1000), random.nextLong());
      int length = encoder.encode(id, metric); // first: encoding may replace the buffer
      byte[] record = Arrays.copyOf(encoder.buffer(), length);
      assertTrue(cursor.check(record), () -> "certainly valid: " + metric);

      cursor.readMetric(record);
      SpooledEvent decoded = decoder.decode(record);
      PerformanceMetric m = (PerformanceMetric) decoded.event();
      if (!m.metricName().equals(cursor.metricName())
          || !java.util.Objects.equals(m.component(), cursor.component())
          || Double.doubleToRawLongBits(m.metricValue())
              != Double.doubleToRawLongBits(cursor.metricValue())
          || SpooledEvent.recordedAtMillis(decoded.id()) != cursor.recordedAtMillis()
          || cursor.recordedAtMillis() != ms) {
        wrong.add(metric.toString());
      }
    }
    assertTrue(wrong.isEmpty(), () -> wrong.size() + " differ, first: " + wrong.get(0));
  }

  @Test
  void readMetric_aTraceRecord_isRefusedNamingItsKind() {
    EventEncoder encoder = new EventEncoder(1 << 16);
    TraceEvent trace =
        new TraceEvent("t", "e", TraceLevel.INFO, "", null, null, null, Instant.EPOCH);
    int length = encoder.encode(new UUID(7L << 12, 1), trace);
    byte[] record = Arrays.copyOf(encoder.buffer(), length);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new RecordCursor().readMetric(record));
    assertTrue(e.getMessage().contains("it is a TRACE record (expected a METRIC one)"));
  }

  /** {@code chars} UTF-16 chars at most, the first one not whitespace, so never blank. */
  private static String name(SplittableRandom random, int chars) {
    StringBuilder b = new StringBuilder().appendCodePoint(random.nextBoolean() ? 'm' : 0x1F600);
    while (true) {
      int cp = CODE_POINTS[random.nextInt(CODE_POINTS.length)];
      if (b.length() + Character.charCount(cp) > chars) {
        return b.toString();
      }
      b.appendCodePoint(cp);
    }
  }

  /** Null every third metric, sometimes empty or blank-led (it stays optional). */
  private static String component(SplittableRandom random, int i) {
    return switch (i % 3) {
      case 0 -> null;
      case 1 -> random.nextInt(10) == 0 ? "" : name(random, 1 + random.nextInt(256));
      default -> "c" + random.nextInt(5);
    };
  }

  /** Any finite double: random bits (subnormals, both signs, every exponent) or a small value. */
  private static double value(SplittableRandom random) {
    if (random.nextBoolean()) {
      return random.nextDouble(-1e6, 1e6);
    }
    double v;
    do {
      v = Double.longBitsToDouble(random.nextLong());
    } while (!Double.isFinite(v));
    return v;
  }
}
