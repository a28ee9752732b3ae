package io.sluice.internal.codec;

import io.sluice.model.SluiceConfig;

/**
 * The binary layout of one event in the spool, version 1. Big-endian throughout.
 *
 * <pre>
 * offset  size  field
 * 0       1     format version (1); readers refuse versions they do not know
 * 1       1     kind code (EventKind.code(): 1 trace, 2 routing, 3 metric, 4 transformation)
 * 2       8     id, most significant bits  (a UUIDv7: its first 48 bits are the Unix time in
 * 10      8     id, least significant bits  milliseconds when the event was recorded)
 * 18      8     occurred_at, microseconds since 1970-01-01T00:00Z
 * 26      ...   the kind's fields, in the order of its record components:
 *                 string   varint(UTF-8 byte length + 1), then the bytes; varint 0 means null
 *                 double   8 bytes, IEEE 754
 *                 level    1 byte, TraceLevel.code()
 *                 list     varint(count), then each alternative as string agent, double confidence
 * end-4   4     CRC-32C of every byte before it
 * </pre>
 *
 * <p>Chronicle Queue keeps no checksum of its own; the CRC turns a damaged record (a torn write, a
 * zeroed page after disk-full) into a detected error instead of wrong data. A varint is 7 bits a
 * byte, low bits first, high bit set on all but the last byte.
 */
final class EventCodec {
  public static final int FORMAT_VERSION = 1;
  static final int HEADER_BYTES = 26;
  static final int CRC_BYTES = 4;

  /** Default encoded size limit of one event (the configuration owns it). */
  public static final int DEFAULT_MAX_EVENT_BYTES = SluiceConfig.DEFAULT_MAX_EVENT_BYTES;

  /** Largest allowed encoded size limit of one event (the configuration owns it). */
  public static final int MAX_MAX_EVENT_BYTES = SluiceConfig.MAX_MAX_EVENT_BYTES;

  private EventCodec() {}
}
