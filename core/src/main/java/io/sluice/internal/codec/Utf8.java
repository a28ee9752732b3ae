package io.sluice.internal.codec;

/**
 * Writes strings as UTF-8 straight into a byte array, in one pass and without allocating: the spool
 * encoder (append path) and the COPY encoder (drain path) both write every string of every event,
 * and {@code String.getBytes} made a new array each time. Hand-written for that reason.
 */
public final class Utf8 {
  private Utf8() {}

  /**
   * Writes {@code s} into {@code b} from {@code p}; the caller ensured room for 3 bytes a char.
   *
   * @param strict refuse what PostgreSQL cannot store: NUL and unpaired surrogates (else they are
   *     written as they are, NUL as 0, a lone surrogate as 3 bytes)
   * @return the position after the last byte written; under {@code strict}, {@code ~i} (negative)
   *     when char {@code i} is refused
   */
  public static int encode(String s, byte[] b, int p, boolean strict) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c == 0 && strict) {
          return ~i;
        }
        b[p++] = (byte) c;
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[p++] = (byte) (0xF0 | (cp >> 18));
        b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (cp & 0x3F));
      } else if (strict && Character.isSurrogate(c)) {
        return ~i;
      } else {
        b[p++] = (byte) (0xE0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return p;
  }

  /** The bytes {@link #encode} writes for {@code s}, counting an unpaired surrogate as 3. */
  public static long length(String s) {
    long bytes = 0;
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
