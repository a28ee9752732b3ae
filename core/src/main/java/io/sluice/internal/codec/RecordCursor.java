package io.sluice.internal.codec;

import io.sluice.model.EventKind;
import io.sluice.model.RoutingDecision;
import io.sluice.model.TraceLevel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.CRC32C;

/**
 * Reads the fields of a spool record in place ({@link EventCodec} layout), so the drainer can copy
 * them into COPY rows without a {@code String} or an event per record: both formats hold strings as
 * length-prefixed UTF-8.
 *
 * <p>{@link #check} says whether a record is <i>certainly</i> one {@link EventDecoder#decode} turns
 * into a valid event with the same text: checksum, version, kind, every field inside the record,
 * every rule of the events' constructors (but the JSON fields', as when decoding), and strict UTF-8
 * that PostgreSQL takes (no NUL, no surrogate, no overlong form). It never words an error: when
 * unsure (a damaged record, a non-ASCII blank name) the caller asks the decoder, which throws the
 * exact error or decodes. After a true {@code check} the same cursor reads the fields in order with
 * {@link #string}, {@link #nextDouble}, {@link #nextByte}, {@link #nextVarint}.
 *
 * <p>Not thread-safe: one cursor per thread.
 */
public final class RecordCursor {
  private static final long EARLIEST_MICROS = micros("0001-01-01T00:00:00Z");
  private static final long LATEST_MICROS = micros("9999-12-31T23:59:59.999999Z");
  private static final int NAME_CHARS = 256;
  private static final int TEXT_CHARS = 65_536;

  private final CRC32C crc = new CRC32C();
  private byte[] buf;
  private int pos;
  private int end;
  private int start;
  private EventKind kind;
  private String metricName;
  private double metricValue;
  private String component;

  private static long micros(String instant) {
    return EventEncoder.micros(Instant.parse(instant));
  }

  /**
   * True if {@code record} is certainly valid (class notes); then the cursor is at its first field.
   * False if unsure: decode it with {@link EventDecoder} instead.
   */
  public boolean check(byte[] record) {
    int length = record.length;
    if (length < EventCodec.HEADER_BYTES + EventCodec.CRC_BYTES) {
      return false;
    }
    int crcAt = length - EventCodec.CRC_BYTES;
    crc.reset();
    crc.update(record, 0, crcAt);
    if (intAt(record, crcAt) != (int) crc.getValue()) {
      return false;
    }
    if (record[0] != EventCodec.FORMAT_VERSION || EventKind.fromCode(record[1]) == null) {
      return false;
    }
    long micros = longAt(record, 18);
    if (micros < EARLIEST_MICROS || micros > LATEST_MICROS) {
      return false;
    }
    read(record);
    boolean valid;
    try {
      valid = fieldsValid() && pos == end;
    } catch (IndexOutOfBoundsException e) {
      valid = false;
    }
    read(record);
    return valid;
  }

  /** Starts reading a record that {@link #check} found valid, at its first field. */
  public void read(byte[] record) {
    buf = record;
    end = record.length - EventCodec.CRC_BYTES;
    pos = EventCodec.HEADER_BYTES;
    kind = EventKind.fromCode(record[1]);
  }

  /**
   * Reads what the metric rollups need of a {@link EventKind#METRIC} record that {@link #check}
   * found valid, without building its event: then {@link #metricName}, {@link #metricValue}, {@link
   * #component} and {@link #recordedAtMillis} hold what {@link EventDecoder#decode} would give. The
   * type and tags are skipped, as are the record's other bytes.
   *
   * @throws IllegalArgumentException when the record is of another kind
   */
  public void readMetric(byte[] record) {
    read(record);
    if (kind != EventKind.METRIC) {
      throw new IllegalArgumentException(
          "Reading the metric fields of a spool record: it is a "
              + kind
              + " record (expected a METRIC one). Read it with EventDecoder.");
    }
    metricName = nextString();
    metricValue = nextDouble();
    string(); // the metric type
    component = nextString();
  }

  /** The metric's name, read by {@link #readMetric}. */
  public String metricName() {
    return metricName;
  }

  /** The metric's value, read by {@link #readMetric}. */
  public double metricValue() {
    return metricValue;
  }

  /** The metric's component, or null when it has none; read by {@link #readMetric}. */
  public String component() {
    return component;
  }

  /** When Sluice recorded the event: the millisecond timestamp of its UUIDv7 id. */
  public long recordedAtMillis() {
    return idMostSignificantBits() >>> 16;
  }

  private boolean fieldsValid() {
    return switch (kind) {
      case TRACE ->
          names(2, true)
              && TraceLevel.fromCode(nextByte()) != null
              && text(true)
              && names(2, false)
              && json();
      case ROUTING -> routingValid();
      case METRIC ->
          name(true) && Double.isFinite(nextDouble()) && name(true) && name(false) && json();
      case TRANSFORMATION -> names(3, true) && text(false) && json();
    };
  }

  /** {@code count} name fields in a row, each checked by {@link #name}. */
  private boolean names(int count, boolean required) {
    for (int i = 0; i < count; i++) {
      if (!name(required)) {
        return false;
      }
    }
    return true;
  }

  private boolean routingValid() {
    if (!text(true) || !name(true) || !unit(nextDouble())) {
      return false;
    }
    int count = nextVarint();
    if (count < 0 || count > RoutingDecision.MAX_ALTERNATIVES) {
      return false;
    }
    for (int i = 0; i < count; i++) {
      if (!name(true) || !unit(nextDouble())) {
        return false;
      }
    }
    return text(false) && name(true);
  }

  private static boolean unit(double v) {
    return v >= 0.0 && v <= 1.0;
  }

  private boolean name(boolean required) {
    int n = string();
    if (n < 0) {
      return !required;
    }
    return utf8(n) && chars(n) <= NAME_CHARS && (!required || notBlank(n));
  }

  private boolean text(boolean required) {
    int n = string();
    if (n < 0) {
      return !required;
    }
    return utf8(n) && chars(n) <= TEXT_CHARS;
  }

  private boolean json() {
    int n = string();
    return n < 0 || utf8(n);
  }

  /** Whether the field's (valid UTF-8) bytes hold a code point that is not whitespace. */
  private boolean notBlank(int n) {
    for (int i = start; i < start + n; ) {
      int b = buf[i] & 0xFF;
      int more = b < 0x80 ? 0 : b < 0xE0 ? 1 : b < 0xF0 ? 2 : 3;
      int cp = more == 0 ? b : b & (0x3F >> more);
      for (int k = 1; k <= more; k++) {
        cp = cp << 6 | (buf[i + k] & 0x3F);
      }
      if (!Character.isWhitespace(cp)) {
        return true;
      }
      i += more + 1;
    }
    return false;
  }

  /** UTF-16 chars of the field's (valid UTF-8) bytes, as {@code String.length} counts them. */
  private int chars(int n) {
    if (n <= NAME_CHARS) {
      return n; // never more chars than bytes
    }
    int chars = 0;
    for (int i = start; i < start + n; i++) {
      int b = buf[i] & 0xFF;
      if ((b & 0xC0) != 0x80) {
        chars += b >= 0xF0 ? 2 : 1;
      }
    }
    return chars;
  }

  /** Strict UTF-8 (RFC 3629) without NUL and surrogates: what PostgreSQL's text takes. */
  private boolean utf8(int n) {
    int i = start;
    int stop = start + n;
    while (i < stop) {
      int b = buf[i];
      if (b > 0) {
        i++;
        continue;
      }
      if (b == 0) {
        return false;
      }
      int lead = b & 0xFF;
      int more;
      int min;
      if (lead >= 0xC2 && lead <= 0xDF) {
        more = 1;
        min = 0x80;
      } else if (lead >= 0xE0 && lead <= 0xEF) {
        more = 2;
        min = 0x800;
      } else if (lead >= 0xF0 && lead <= 0xF4) {
        more = 3;
        min = 0x10000;
      } else {
        return false;
      }
      if (i + more >= stop) {
        return false;
      }
      int cp = lead & (0x3F >> more);
      for (int k = 1; k <= more; k++) {
        int c = buf[i + k] & 0xFF;
        if ((c & 0xC0) != 0x80) {
          return false;
        }
        cp = cp << 6 | (c & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return false;
      }
      i += more + 1;
    }
    return true;
  }

  public EventKind kind() {
    return kind;
  }

  public byte[] buffer() {
    return buf;
  }

  public long idMostSignificantBits() {
    return longAt(buf, 2);
  }

  public long idLeastSignificantBits() {
    return longAt(buf, 10);
  }

  public long occurredAtMicros() {
    return longAt(buf, 18);
  }

  /**
   * Moves past the next string field and returns its byte length, or -1 if it is null; its bytes
   * start at {@link #start()}.
   */
  public int string() {
    int lengthPlusOne = nextVarint();
    if (lengthPlusOne == 0) {
      return -1;
    }
    int length = lengthPlusOne - 1;
    if (length > end - pos || length < 0) {
      throw new IndexOutOfBoundsException("string of " + length + " bytes runs past the record");
    }
    start = pos;
    pos += length;
    return length;
  }

  /** Moves past the next string field and returns it, or null if it is null. */
  public String nextString() {
    int n = string();
    return n < 0 ? null : new String(buf, start, n, StandardCharsets.UTF_8);
  }

  /** Where the bytes of the string {@link #string()} last moved past start. */
  public int start() {
    return start;
  }

  public int nextVarint() {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = nextByte();
      value |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IndexOutOfBoundsException("varint longer than 5 bytes");
  }

  public int nextByte() {
    if (pos >= end) {
      throw new IndexOutOfBoundsException("fields run past the end of the record");
    }
    return buf[pos++] & 0xFF;
  }

  public double nextDouble() {
    if (pos + 8 > end) {
      throw new IndexOutOfBoundsException("fields run past the end of the record");
    }
    long bits = longAt(buf, pos);
    pos += 8;
    return Double.longBitsToDouble(bits);
  }

  private static int intAt(byte[] b, int at) {
    return (b[at] & 0xFF) << 24
        | (b[at + 1] & 0xFF) << 16
        | (b[at + 2] & 0xFF) << 8
        | b[at + 3] & 0xFF;
  }

  private static long longAt(byte[] b, int at) {
    return (long) intAt(b, at) << 32 | (intAt(b, at + 4) & 0xFFFFFFFFL);
  }
}
