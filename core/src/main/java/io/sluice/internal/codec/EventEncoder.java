package io.sluice.internal.codec;

import io.sluice.model.AgentTransformation;
import io.sluice.model.Event;
import io.sluice.model.EventKind;
import io.sluice.model.InvalidEventException;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingAlternative;
import io.sluice.model.RoutingDecision;
import io.sluice.model.TraceEvent;
import java.time.Instant;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * Encodes events into the {@link EventCodec} layout, reusing one buffer.
 *
 * <p>Not thread-safe: one encoder per thread. Hand-written rather than a serialization library
 * because this is the append hot path: one pass per string both converts to UTF-8 and refuses the
 * characters PostgreSQL cannot store (NUL, unpaired surrogates), with no allocation.
 */
public final class EventEncoder {
  private static final int MAX_VARINT_BYTES = 5;

  private final int maxEventBytes;
  private final CRC32C crc = new CRC32C();
  private byte[] buf;
  private int pos;
  private EventKind kind;
  private Event event; // the one being encoded, measured in full when it is over the limit

  public EventEncoder(int maxEventBytes) {
    this.maxEventBytes = maxEventBytes;
    // ensure() checks the limit only when the buffer grows, so it must start no larger than it.
    this.buf = new byte[Math.min(1024, maxEventBytes)];
  }

  /** The buffer holding the last encoded event in bytes {@code [0, length)}. */
  public byte[] buffer() {
    return buf;
  }

  /**
   * Encodes {@code event} with {@code id} and returns the encoded length.
   *
   * @throws InvalidEventException if the encoding would pass the size limit, or a string holds a
   *     character PostgreSQL cannot store
   */
  public int encode(UUID id, Event event) {
    pos = 0;
    this.event = event;
    kind = event.kind();
    ensure(EventCodec.HEADER_BYTES);
    putByte(EventCodec.FORMAT_VERSION);
    putByte(kind.code());
    putLong(id.getMostSignificantBits());
    putLong(id.getLeastSignificantBits());
    putLong(micros(event.occurredAt()));
    if (event instanceof TraceEvent t) {
      putString("trace_id", t.traceId());
      putString("event_type", t.eventType());
      ensure(1);
      putByte(t.level().code());
      putString("message", t.message());
      putString("agent_name", t.agentName());
      putString("task_id", t.taskId());
      putString("metadata", t.metadata());
    } else if (event instanceof RoutingDecision r) {
      putString("user_request", r.userRequest());
      putString("selected_agent", r.selectedAgent());
      putDouble(r.confidenceScore());
      ensure(MAX_VARINT_BYTES);
      putVarint(r.alternatives().size());
      for (RoutingAlternative a : r.alternatives()) {
        putString("alternatives.agent", a.agent());
        putDouble(a.confidence());
      }
      putString("reasoning", r.reasoning());
      putString("routing_strategy", r.routingStrategy());
    } else if (event instanceof PerformanceMetric m) {
      putString("metric_name", m.metricName());
      putDouble(m.metricValue());
      putString("metric_type", m.metricType());
      putString("component", m.component());
      putString("tags", m.tags());
    } else if (event instanceof AgentTransformation x) {
      putString("source_agent", x.sourceAgent());
      putString("target_agent", x.targetAgent());
      putString("transformation_type", x.transformationType());
      putString("reason", x.reason());
      putString("context", x.context());
    }
    ensure(EventCodec.CRC_BYTES);
    crc.reset();
    crc.update(buf, 0, pos);
    putInt((int) crc.getValue());
    return pos;
  }

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  private void putString(String field, String s) {
    if (s == null) {
      ensure(1);
      putVarint(0);
      return;
    }
    int n = s.length();
    long reserve = 3L * n;
    if (pos + MAX_VARINT_BYTES + reserve > maxEventBytes) {
      // Near the limit the 3-bytes-a-char estimate could refuse an event that fits: measure.
      reserve = Utf8.length(s);
    }
    int prefix =
        varintSize(reserve + 1 > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) reserve + 1);
    ensure(prefix + reserve);
    int start = pos + prefix;
    int end = Utf8.encode(s, buf, start, true);
    if (end < 0) {
      int bad = ~end;
      throw badChar(
          field,
          s,
          s.charAt(bad) == 0 ? "NUL (U+0000)" : "an unpaired surrogate at position " + bad);
    }
    int length = end - start;
    int actualPrefix = varintSize(length + 1);
    if (actualPrefix < prefix) {
      System.arraycopy(buf, start, buf, pos + actualPrefix, length);
    }
    putVarint(length + 1);
    pos += length;
  }

  /** A size shown in a refusal: {@code 1234567 bytes encoded}. */
  private record EncodedSize(long bytes) {
    @Override
    public String toString() {
      return bytes + " bytes encoded";
    }
  }

  /**
   * The length {@link #encode} would give {@code e} with no size limit. Only for the message of a
   * refusal, so the append path pays nothing for it; {@code EventEncoderLimitsTest} checks it
   * against {@link #encode}.
   */
  static long encodedLength(Event e) {
    long n = EventCodec.HEADER_BYTES + EventCodec.CRC_BYTES;
    if (e instanceof TraceEvent t) {
      n += stringLength(t.traceId()) + stringLength(t.eventType()) + 1;
      n += stringLength(t.message()) + stringLength(t.agentName()) + stringLength(t.taskId());
      n += stringLength(t.metadata());
    } else if (e instanceof RoutingDecision r) {
      n += stringLength(r.userRequest()) + stringLength(r.selectedAgent()) + 8;
      n += varintSize(r.alternatives().size());
      for (RoutingAlternative a : r.alternatives()) {
        n += stringLength(a.agent()) + 8;
      }
      n += stringLength(r.reasoning()) + stringLength(r.routingStrategy());
    } else if (e instanceof PerformanceMetric m) {
      n += stringLength(m.metricName()) + 8 + stringLength(m.metricType());
      n += stringLength(m.component()) + stringLength(m.tags());
    } else if (e instanceof AgentTransformation x) {
      n += stringLength(x.sourceAgent()) + stringLength(x.targetAgent());
      n += stringLength(x.transformationType()) + stringLength(x.reason());
      n += stringLength(x.context());
    }
    return n;
  }

  private static long stringLength(String s) {
    if (s == null) {
      return 1;
    }
    long bytes = Utf8.length(s);
    return varintSize((int) Math.min(bytes + 1, Integer.MAX_VALUE)) + bytes;
  }

  private InvalidEventException badChar(String field, String value, String what) {
    return new InvalidEventException(
        kind, field, value, "text without " + what + ", which PostgreSQL cannot store");
  }

  private void ensure(long more) {
    long needed = pos + more;
    if (needed <= buf.length) {
      return;
    }
    if (needed > maxEventBytes) {
      throw new InvalidEventException(
          kind,
          "event",
          new EncodedSize(encodedLength(event)),
          "at most " + maxEventBytes + " bytes encoded (maxEventBytes)");
    }
    int size = buf.length;
    while (size < needed) {
      size = (int) Math.min((long) size * 2, maxEventBytes);
    }
    byte[] bigger = new byte[size];
    System.arraycopy(buf, 0, bigger, 0, pos);
    buf = bigger;
  }

  static int varintSize(int v) {
    int size = 1;
    while ((v >>>= 7) != 0) {
      size++;
    }
    return size;
  }

  private void putVarint(int v) {
    while ((v & ~0x7F) != 0) {
      buf[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[pos++] = (byte) v;
  }

  private void putByte(int v) {
    buf[pos++] = (byte) v;
  }

  private void putDouble(double v) {
    ensure(8);
    putLong(Double.doubleToRawLongBits(v));
  }

  private void putInt(int v) {
    buf[pos++] = (byte) (v >>> 24);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  private void putLong(long v) {
    putInt((int) (v >>> 32));
    putInt((int) v);
  }
}
