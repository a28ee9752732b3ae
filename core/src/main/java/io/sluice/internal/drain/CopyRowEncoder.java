package io.sluice.internal.drain;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sluice.internal.codec.RecordCursor;
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
import io.sluice.model.TraceLevel;
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
 * stream without an intermediate object per row. The drainer's rows are transcoded from the spool
 * records ({@link #copyRecords}): a string field's UTF-8 bytes are copied as they are, its length
 * prefix rewritten, with no {@code String} in between. Not thread-safe.
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
  private final RecordCursor cursor = new RecordCursor();

  /** The COPY statement for a kind, columns in the order {@link #writeRow} writes them. */
  public static String copySql(EventKind kind) {
    return copySql(Schema.NAME + "." + kind.tableName(), kind);
  }

  /** The COPY statement of {@code kind}'s rows into {@code table}, a table of the same columns. */
  public static String copySql(String table, EventKind kind) {
    return "COPY " + table + " (" + columns(kind) + ") FROM STDIN (FORMAT binary)";
  }

  /** The columns of a kind's table, comma-separated, in the order {@link #writeRow} writes them. */
  public static String columns(EventKind kind) {
    return switch (kind) {
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

  /**
   * Streams the rows of {@code records} (all of one kind) into {@code copy}, then ends the COPY:
   * each record's fields copied from its spool bytes, or written from its event when it was
   * decoded.
   */
  long copyRecords(CopyIn copy, List<DrainedRecord> records) throws SQLException {
    pos = 0;
    put(HEADER, 0, HEADER.length);
    for (DrainedRecord r : records) {
      if (r.decoded() != null) {
        writeRow(r.decoded());
      } else {
        cursor.read(r.raw());
        writeRecord(cursor);
      }
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

  /**
   * Writes the COPY row of the record {@code c} is reading (checked by {@link RecordCursor#check}):
   * the same bytes {@link #writeRow} writes for its decoded event. The spool holds the fields in
   * the order of the table's columns.
   */
  void writeRecord(RecordCursor c) {
    long msb = c.idMostSignificantBits();
    switch (c.kind()) {
      case TRACE -> {
        startRow(10, msb, c.idLeastSignificantBits(), c.occurredAtMicros());
        copyText(c);
        copyText(c);
        text(TraceLevel.fromCode(c.nextByte()).name());
        copyText(c);
        copyText(c);
        copyText(c);
        copyJsonb(c);
      }
      case ROUTING -> {
        startRow(9, msb, c.idLeastSignificantBits(), c.occurredAtMicros());
        copyText(c);
        copyText(c);
        float8(c.nextDouble());
        alternativesJsonb(c);
        copyText(c);
        copyText(c);
      }
      case METRIC -> {
        startRow(8, msb, c.idLeastSignificantBits(), c.occurredAtMicros());
        copyText(c);
        float8(c.nextDouble());
        copyText(c);
        copyText(c);
        copyJsonb(c);
      }
      case TRANSFORMATION -> {
        startRow(8, msb, c.idLeastSignificantBits(), c.occurredAtMicros());
        copyText(c);
        copyText(c);
        copyText(c);
        copyText(c);
        copyJsonb(c);
      }
    }
  }

  private void copyText(RecordCursor c) {
    int n = c.string();
    ensure(4 + Math.max(n, 0));
    putInt(n);
    if (n > 0) {
      System.arraycopy(c.buffer(), c.start(), buf, pos, n);
      pos += n;
    }
  }

  private void copyJsonb(RecordCursor c) {
    int n = c.string();
    if (n < 0) {
      ensure(4);
      putInt(-1);
      return;
    }
    ensure(5 + n);
    putInt(n + 1);
    buf[pos++] = 1; // jsonb binary format version
    System.arraycopy(c.buffer(), c.start(), buf, pos, n);
    pos += n;
  }

  /**
   * The alternatives as {@link #alternativesJson} writes them, from the record's bytes: the agent's
   * UTF-8 copied with JSON's escapes, the confidence as {@code Double.toString} (Jackson's form).
   */
  private void alternativesJsonb(RecordCursor c) {
    int count = c.nextVarint();
    ensure(5);
    int lengthAt = pos;
    pos += 4;
    buf[pos++] = 1; // jsonb binary format version
    put('[');
    for (int i = 0; i < count; i++) {
      putAscii(i == 0 ? "{\"agent\":\"" : ",{\"agent\":\"");
      int n = c.string();
      ensure(6L * n);
      byte[] b = c.buffer();
      for (int k = c.start(), stop = k + n; k < stop; k++) {
        if ((b[k] & 0xF8) == 0xF0) { // a code point past U+FFFF: Jackson writes its surrogates
          int cp = (b[k] & 0x07) << 18 | (b[k + 1] & 0x3F) << 12 | (b[k + 2] & 0x3F) << 6;
          cp |= b[k + 3] & 0x3F;
          unicodeEscape(Character.highSurrogate(cp));
          unicodeEscape(Character.lowSurrogate(cp));
          k += 3;
        } else {
          escaped(b[k]);
        }
      }
      putAscii("\",\"confidence\":");
      putAscii(Double.toString(c.nextDouble()));
      put('}');
    }
    put(']');
    putIntAt(lengthAt, pos - lengthAt - 4);
  }

  private static final byte[] HEX = "0123456789ABCDEF".getBytes(UTF_8);

  /** One byte of a JSON string, escaped as Jackson does: quote, backslash, control characters. */
  private void escaped(byte b) {
    if (b == '"' || b == '\\') {
      buf[pos++] = '\\';
      buf[pos++] = b;
    } else if (b >= 0 && b < 0x20) {
      byte named =
          switch (b) {
            case '\b' -> 'b';
            case '\t' -> 't';
            case '\n' -> 'n';
            case '\f' -> 'f';
            case '\r' -> 'r';
            default -> 0;
          };
      if (named != 0) {
        buf[pos++] = '\\';
        buf[pos++] = named;
      } else {
        unicodeEscape((char) b);
      }
    } else {
      buf[pos++] = b;
    }
  }

  private void unicodeEscape(char c) {
    buf[pos++] = '\\';
    buf[pos++] = 'u';
    buf[pos++] = HEX[c >> 12];
    buf[pos++] = HEX[(c >> 8) & 0xF];
    buf[pos++] = HEX[(c >> 4) & 0xF];
    buf[pos++] = HEX[c & 0xF];
  }

  private void put(char ascii) {
    ensure(1);
    buf[pos++] = (byte) ascii;
  }

  private void putAscii(String ascii) {
    ensure(ascii.length());
    for (int i = 0; i < ascii.length(); i++) {
      buf[pos++] = (byte) ascii.charAt(i);
    }
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
    long micros = occurredAt.getEpochSecond() * 1_000_000L + occurredAt.getNano() / 1_000;
    startRow(fields, id.getMostSignificantBits(), id.getLeastSignificantBits(), micros);
  }

  private void startRow(int fields, long idMsb, long idLsb, long occurredAtMicros) {
    ensure(2 + 20 + 12 + 12);
    putShort(fields);
    putInt(16);
    putLong(idMsb);
    putLong(idLsb);
    putInt(8);
    putLong((idMsb >>> 16) * 1_000L - PG_EPOCH_MICROS); // recorded_at: the UUIDv7's milliseconds
    putInt(8);
    putLong(occurredAtMicros - PG_EPOCH_MICROS);
  }

  /** The bytes written so far into the buffer (for tests). */
  byte[] written() {
    return java.util.Arrays.copyOf(buf, pos);
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
