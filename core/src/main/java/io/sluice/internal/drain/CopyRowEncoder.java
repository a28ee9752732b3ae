package io.sluice.internal.drain;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sluice.internal.codec.Utf8;
import io.sluice.internal.db.Schema;
import io.sluice.model.AgentTransformation;
import io.sluice.model.Event;
import io.sluice.model.EventKind;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingAlternative;
import io.sluice.model.RoutingDecision;
import io.sluice.model.SpooledEvent;
import io.sluice.model.TraceEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.postgresql.copy.CopyIn;

/**
 * Writes events as PostgreSQL binary COPY rows, streaming to the server in chunks so the server
 * parses one chunk while the next is encoded.
 *
 * <pre>
 * stream  = header row* trailer
 * header  = "PGCOPY\n\377\r\n\0"  int32 flags (0)  int32 extension length (0)
 * row     = int16 field count, then per field: int32 byte length (-1 = NULL), the bytes
 * trailer = int16 -1
 * uuid 16 bytes | timestamptz int64 microseconds since 2000-01-01 UTC | float8 IEEE 754
 * text UTF-8 | jsonb: version byte 1, then the JSON text in UTF-8
 * </pre>
 *
 * Hand-written rather than PgBulkInsert: the format is this small, and owning it lets the drainer
 * stream without an intermediate object per row. Not thread-safe.
 */
public final class CopyRowEncoder {
  private static final byte[] HEADER = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0
  };
  private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;
  private static final int FLUSH_BYTES = 256 * 1024;
  private static final JsonFactory JSON = new JsonFactory();

  private byte[] buf = new byte[FLUSH_BYTES + 64 * 1024];
  private int pos;
  private final ByteArrayOutputStream json = new ByteArrayOutputStream(256);

  /** The COPY statement for a kind, columns in the order {@link #writeRow} writes them. */
  public static String copySql(EventKind kind) {
    String columns =
        switch (kind) {
          case TRACE ->
              "id, recorded_at, occurred_at, trace_id, event_type, level, message,"
                  + " agent_name, task_id, metadata";
          case ROUTING ->
              "id, recorded_at, occurred_at, user_request, selected_agent,"
                  + " confidence_score, alternatives, reasoning, routing_strategy";
          case METRIC ->
              "id, recorded_at, occurred_at, metric_name, metric_value, metric_type,"
                  + " component, tags";
          case TRANSFORMATION ->
              "id, recorded_at, occurred_at, source_agent, target_agent,"
                  + " transformation_type, reason, context";
        };
    return "COPY "
        + Schema.NAME
        + "."
        + kind.tableName()
        + " ("
        + columns
        + ") FROM STDIN (FORMAT binary)";
  }

  /** Streams all {@code events} (all of one kind) into {@code copy}, then ends the COPY. */
  public long copy(CopyIn copy, List<SpooledEvent> events) throws SQLException {
    pos = 0;
    put(HEADER, 0, HEADER.length);
    for (SpooledEvent e : events) {
      writeRow(e);
      if (pos >= FLUSH_BYTES) {
        copy.writeToCopy(buf, 0, pos);
        pos = 0;
      }
    }
    putShort(-1);
    copy.writeToCopy(buf, 0, pos);
    pos = 0;
    return copy.endCopy();
  }

  void writeRow(SpooledEvent spooled) {
    Event event = spooled.event();
    UUID id = spooled.id();
    if (event instanceof TraceEvent t) {
      startRow(10, id, t.occurredAt());
      text(t.traceId());
      text(t.eventType());
      text(t.level().name());
      text(t.message());
      text(t.agentName());
      text(t.taskId());
      jsonb(t.metadata());
    } else if (event instanceof RoutingDecision r) {
      startRow(9, id, r.occurredAt());
      text(r.userRequest());
      text(r.selectedAgent());
      float8(r.confidenceScore());
      jsonb(alternativesJson(r.alternatives()));
      text(r.reasoning());
      text(r.routingStrategy());
    } else if (event instanceof PerformanceMetric m) {
      startRow(8, id, m.occurredAt());
      text(m.metricName());
      float8(m.metricValue());
      text(m.metricType());
      text(m.component());
      jsonb(m.tags());
    } else if (event instanceof AgentTransformation x) {
      startRow(8, id, x.occurredAt());
      text(x.sourceAgent());
      text(x.targetAgent());
      text(x.transformationType());
      text(x.reason());
      jsonb(x.context());
    }
  }

  /** The alternatives as the JSON array stored in {@code routing_decisions.alternatives}. */
  String alternativesJson(List<RoutingAlternative> alternatives) {
    json.reset();
    try (JsonGenerator g = JSON.createGenerator(json)) {
      g.writeStartArray();
      for (RoutingAlternative a : alternatives) {
        g.writeStartObject();
        g.writeStringField("agent", a.agent());
        g.writeNumberField("confidence", a.confidence());
        g.writeEndObject();
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return json.toString(UTF_8);
  }

  private void startRow(int fields, UUID id, Instant occurredAt) {
    ensure(2 + 20 + 12 + 12);
    putShort(fields);
    putInt(16);
    putLong(id.getMostSignificantBits());
    putLong(id.getLeastSignificantBits());
    putInt(8);
    putLong(SpooledEvent.recordedAtMillis(id) * 1_000L - PG_EPOCH_MICROS);
    putInt(8);
    long micros = occurredAt.getEpochSecond() * 1_000_000L + occurredAt.getNano() / 1_000;
    putLong(micros - PG_EPOCH_MICROS);
  }

  private void text(String s) {
    if (s == null) {
      ensure(4);
      putInt(-1);
      return;
    }
    int lengthAt = pos;
    ensure(4 + 3L * s.length());
    pos += 4;
    int length = utf8(s);
    putIntAt(lengthAt, length);
  }

  private void jsonb(String s) {
    if (s == null) {
      ensure(4);
      putInt(-1);
      return;
    }
    int lengthAt = pos;
    ensure(5 + 3L * s.length());
    pos += 4;
    buf[pos++] = 1; // jsonb binary format version
    int length = utf8(s);
    putIntAt(lengthAt, length + 1);
  }

  /**
   * Writes {@code s} as UTF-8 straight into the buffer (room for 3 bytes a char is ensured) and
   * returns the byte count: no intermediate array per field, which {@code getBytes} made for every
   * string of every row. Strings here were validated before they were spooled ({@link Utf8} in
   * strict mode), so they are written without checking again.
   */
  private int utf8(String s) {
    int end = Utf8.encode(s, buf, pos, false);
    int written = end - pos;
    pos = end;
    return written;
  }

  private void putIntAt(int at, int v) {
    buf[at] = (byte) (v >>> 24);
    buf[at + 1] = (byte) (v >>> 16);
    buf[at + 2] = (byte) (v >>> 8);
    buf[at + 3] = (byte) v;
  }

  private void float8(double v) {
    ensure(12);
    putInt(8);
    putLong(Double.doubleToRawLongBits(v));
  }

  private void ensure(long more) {
    if (pos + more > buf.length) {
      byte[] bigger = new byte[(int) Math.max(buf.length * 2L, pos + more)];
      System.arraycopy(buf, 0, bigger, 0, pos);
      buf = bigger;
    }
  }

  private void put(byte[] src, int off, int len) {
    ensure(len);
    System.arraycopy(src, off, buf, pos, len);
    pos += len;
  }

  private void putShort(int v) {
    ensure(2);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
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
