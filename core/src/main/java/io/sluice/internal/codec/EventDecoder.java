package io.sluice.internal.codec;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.sluice.model.AgentTransformation;
import io.sluice.model.DecodeScope;
import io.sluice.model.Event;
import io.sluice.model.EventKind;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingAlternative;
import io.sluice.model.RoutingDecision;
import io.sluice.model.SluiceException;
import io.sluice.model.SpooledEvent;
import io.sluice.model.TraceEvent;
import io.sluice.model.TraceLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * Decodes spool records written by {@link EventEncoder}. The checksum is verified before any field
 * is read, so a damaged record is reported, never decoded into wrong data.
 *
 * <p>Not thread-safe: one decoder per thread.
 */
public final class EventDecoder {
  private final CRC32C crc = new CRC32C();
  private byte[] buf;
  private int pos;
  private int end;

  /**
   * Decodes one record.
   *
   * @throws CorruptRecordException if the checksum does not match, the version or kind is unknown,
   *     or the fields do not fill the record exactly
   */
  public SpooledEvent decode(byte[] record) {
    buf = record;
    int length = record.length;
    if (length < EventCodec.HEADER_BYTES + EventCodec.CRC_BYTES) {
      throw new CorruptRecordException("record of " + length + " bytes is shorter than a header");
    }
    end = length - EventCodec.CRC_BYTES;
    crc.reset();
    crc.update(record, 0, end);
    int stored =
        (record[end] & 0xFF) << 24
            | (record[end + 1] & 0xFF) << 16
            | (record[end + 2] & 0xFF) << 8
            | (record[end + 3] & 0xFF);
    if (stored != (int) crc.getValue()) {
      throw new CorruptRecordException(
          String.format(
              "checksum mismatch in a record of %d bytes (stored %08x, computed %08x)",
              length, stored, (int) crc.getValue()));
    }
    pos = 0;
    int version = getByte();
    if (version != EventCodec.FORMAT_VERSION) {
      throw new CorruptRecordException(
          "record format version " + version + " (this Sluice reads 1); use a newer Sluice");
    }
    int code = getByte();
    EventKind kind = EventKind.fromCode(code);
    if (kind == null) {
      throw new CorruptRecordException("unknown event kind code " + code);
    }
    UUID id = new UUID(getLong(), getLong());
    long micros = getLong();
    Instant occurredAt =
        Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    Event event;
    DecodeScope.enter();
    try {
      event = decodeFields(kind, occurredAt);
    } catch (SluiceException | IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new CorruptRecordException(
          "fields of a " + kind.displayName() + " do not decode: " + e);
    } finally {
      DecodeScope.exit();
    }
    if (pos != end) {
      throw new CorruptRecordException(
          (end - pos) + " bytes left over after the fields of a " + kind.displayName());
    }
    return new SpooledEvent(id, event);
  }

  private Event decodeFields(EventKind kind, Instant occurredAt) {
    switch (kind) {
      case TRACE:
        return new TraceEvent(
            getString(),
            getString(),
            level(getByte()),
            getString(),
            getString(),
            getString(),
            getString(),
            occurredAt);
      case ROUTING:
        String request = getString();
        String agent = getString();
        double confidence = getDouble();
        int count = getVarint();
        List<RoutingAlternative> alternatives = new ArrayList<>(Math.min(count, 64));
        for (int i = 0; i < count; i++) {
          alternatives.add(new RoutingAlternative(getString(), getDouble()));
        }
        return new RoutingDecision(
            request, agent, confidence, alternatives, getString(), getString(), occurredAt);
      case METRIC:
        return new PerformanceMetric(
            getString(), getDouble(), getString(), getString(), getString(), occurredAt);
      case TRANSFORMATION:
        return new AgentTransformation(
            getString(), getString(), getString(), getString(), getString(), occurredAt);
      default:
        throw new CorruptRecordException("unknown event kind " + kind);
    }
  }

  private static TraceLevel level(int code) {
    TraceLevel level = TraceLevel.fromCode(code);
    if (level == null) {
      throw new CorruptRecordException("unknown trace level code " + code);
    }
    return level;
  }

  private String getString() {
    int lengthPlusOne = getVarint();
    if (lengthPlusOne == 0) {
      return null;
    }
    int length = lengthPlusOne - 1;
    if (length > end - pos) {
      throw new IndexOutOfBoundsException("string of " + length + " bytes runs past the record");
    }
    String s = new String(buf, pos, length, UTF_8);
    pos += length;
    return s;
  }

  private int getVarint() {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = getByte();
      value |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IndexOutOfBoundsException("varint longer than 5 bytes");
  }

  private int getByte() {
    if (pos >= end) {
      throw new IndexOutOfBoundsException("fields run past the end of the record");
    }
    return buf[pos++] & 0xFF;
  }

  private double getDouble() {
    return Double.longBitsToDouble(getLong());
  }

  private int getInt() {
    return (getByte() << 24) | (getByte() << 16) | (getByte() << 8) | getByte();
  }

  private long getLong() {
    return ((long) getInt() << 32) | (getInt() & 0xFFFFFFFFL);
  }
}
