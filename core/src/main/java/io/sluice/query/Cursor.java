package io.sluice.query;

import io.sluice.model.EventKind;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The position after the last row of a page: its {@code (recorded_at, id)}, the key every query
 * orders by. Opaque to callers.
 *
 * <pre>
 * base64url, no padding, of 26 bytes (big-endian):
 * u8  version (1)
 * u8  event kind code
 * i64 recorded_at, microseconds since 1970-01-01T00:00Z
 * i64 id, most significant bits
 * i64 id, least significant bits
 * </pre>
 */
record Cursor(EventKind kind, long recordedAtMicros, UUID id) {
  private static final int VERSION = 1;
  private static final int LENGTH = 26;

  static Cursor of(EventKind kind, Instant recordedAt, UUID id) {
    return new Cursor(
        kind, recordedAt.getEpochSecond() * 1_000_000L + recordedAt.getNano() / 1_000, id);
  }

  Instant recordedAt() {
    return Instant.ofEpochSecond(
        Math.floorDiv(recordedAtMicros, 1_000_000L),
        Math.floorMod(recordedAtMicros, 1_000_000L) * 1_000L);
  }

  String encode() {
    ByteBuffer b = ByteBuffer.allocate(LENGTH);
    b.put((byte) VERSION).put((byte) kind.code()).putLong(recordedAtMicros);
    b.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }

  /**
   * @throws IllegalArgumentException naming the cursor when it is not one of {@code kind}'s
   */
  static Cursor decode(EventKind kind, String text) {
    byte[] bytes;
    try {
      bytes = text == null ? new byte[0] : Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      bytes = new byte[0];
    }
    if (bytes.length != LENGTH || bytes[0] != VERSION || bytes[1] != kind.code()) {
      throw new IllegalArgumentException(
          "cursor \""
              + text
              + "\" is not a cursor of "
              + kind.displayName()
              + " results (expected the nextCursor of a previous page of the same query)."
              + " Start again without a cursor.");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, 2, LENGTH - 2);
    long micros = b.getLong();
    return new Cursor(kind, micros, new UUID(b.getLong(), b.getLong()));
  }
}
