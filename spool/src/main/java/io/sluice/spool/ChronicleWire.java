package io.sluice.spool;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Just enough of Chronicle's binary wire to read a cycle file's header and index arrays by hand
 * (see {@link CycleFileScan} for the layout): field names, padding, numbers and int64 arrays.
 *
 * <pre>
 * 0x8f            one byte of padding
 * 0x8e u32 n      n bytes of padding
 * 0xa1 u8 | 0xa5 u16 | 0xa6 i32 | 0xa7 i64     a number
 * 0x8d i64 capacity, i64 used, i64[capacity]   an int64 array (8-byte aligned)
 * 0xb9 u8 n, n chars                           a field name (0xc0 + n, n chars: a short one)
 * </pre>
 */
final class ChronicleWire {
  private ChronicleWire() {}

  static long align(long p) {
    return (p + 3) & ~3L;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static boolean startsWith(byte[] b, int at, byte[] prefix) {
    return b.length - at >= prefix.length
        && Arrays.equals(b, at, at + prefix.length, prefix, 0, prefix.length);
  }

  /** Offset just after the field name {@code name} in {@code b}, or -1. */
  static int find(byte[] b, String name) {
    byte[] n = ascii(name);
    for (int i = 0; i + n.length <= b.length; i++) {
      if (Arrays.equals(b, i, i + n.length, n, 0, n.length)) {
        return i + n.length;
      }
    }
    return -1;
  }

  /** Skips Chronicle's padding bytes (0x8f, or 0x8e + u32 count) from {@code at}. */
  static int afterPadding(byte[] b, int at) {
    int q = at;
    while (q < b.length) {
      if (b[q] == (byte) 0x8f) {
        q++;
      } else if (b[q] == (byte) 0x8e && q + 5 <= b.length) {
        q += 5 + le32(b, q + 1);
      } else {
        return q;
      }
    }
    return -1;
  }

  static long number(byte[] b, int at) {
    int q = afterPadding(b, at);
    if (q < 0) {
      return -1;
    }
    return switch (b[q] & 0xff) {
      case 0xa1 -> q + 2 <= b.length ? b[q + 1] & 0xff : -1;
      case 0xa5 -> q + 3 <= b.length ? (b[q + 1] & 0xff) | (b[q + 2] & 0xff) << 8 : -1;
      case 0xa6 -> q + 5 <= b.length ? le32(b, q + 1) : -1;
      case 0xa7 -> q + 9 <= b.length ? le64(b, q + 1) : -1;
      default -> -1;
    };
  }

  static long[] int64Array(byte[] b, int at) {
    int q = afterPadding(b, at);
    if (q < 0 || b[q] != (byte) 0x8d || q + 17 > b.length) {
      return null;
    }
    long capacity = le64(b, q + 1);
    long used = le64(b, q + 9);
    if (capacity <= 0 || capacity > 64 || used < 0 || used > capacity) {
      return null;
    }
    if (q + 17 + 8 * used > b.length) {
      return null;
    }
    long[] v = new long[(int) used];
    for (int i = 0; i < used; i++) {
      v[i] = le64(b, q + 17 + 8 * i);
    }
    return v;
  }

  static int le32(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | b[at + 3] << 24;
  }

  static long le64(byte[] b, int at) {
    return (le32(b, at) & 0xffffffffL) | (long) le32(b, at + 4) << 32;
  }
}
