package io.sluice.spool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks Chronicle's table store, {@code metadata.cq4t}, with plain reads before Chronicle maps it.
 * Chronicle answers a damaged one with "Unable to claim exclusive shared lock" on every open, so
 * nothing could append; a damaged one is moved to {@code quarantine/} instead, and Chronicle makes
 * a new one (its cycle listing is re-read from the folder).
 *
 * <pre>
 * metadata.cq4t (little-endian): u32 document header, as in cycle files
 * doc   metadata "header: !STStore { wireType, metadata: !SCQMeta { roll: { length, format, epoch } } }"
 * doc*  data "key-name" int64 value, e.g. listing.highestCycle, chronicle.write.lock, sluice.dropped
 * then  zeros
 * </pre>
 */
final class TableStoreCheck {
  static final String FILE_NAME = "metadata.cq4t";
  private static final byte[] HEADER =
      "\u00b9\u0006header\u00b6\u0007STStore".getBytes(StandardCharsets.ISO_8859_1);

  private TableStoreCheck() {}

  /** What is wrong with {@code dir}'s table store, or null when it looks whole (or is absent). */
  static String problem(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      return null;
    }
    try (FileBytes f = new FileBytes(file)) {
      int h = f.readInt(0);
      int len = h & CycleFileScan.LENGTH_MASK;
      if ((h & (CycleFileScan.META | CycleFileScan.NOT_COMPLETE)) != CycleFileScan.META
          || len < HEADER.length
          || len > 4096
          || !Arrays.equals(f.read(4, HEADER.length), HEADER)) {
        return "its header is damaged";
      }
      long end = f.endOfNonZero();
      long p = ChronicleWire.align(4 + len);
      for (int docs = 0; docs < 100_000; docs++) {
        int d = f.readInt(p);
        int dl = d & CycleFileScan.LENGTH_MASK;
        if (d == 0) {
          return p >= end ? null : "bytes after its last key are not zero (offset " + p + ")";
        }
        if ((d & CycleFileScan.NOT_COMPLETE) != 0
            || dl == 0
            || dl > 4096
            || p + 4 + dl > f.size()
            || f.read(p + 4, 1)[0] != (byte) 0xb9) {
          return "the key at offset " + p + " is damaged";
        }
        p = ChronicleWire.align(p + 4 + dl);
      }
      return "it holds too many keys";
    } catch (IOException e) {
      return "it cannot be read: " + e;
    }
  }

  /**
   * The int64 values of the keys starting with {@code prefix} that can still be read in a damaged
   * table store (best effort: each key's name followed by its value).
   */
  static Map<String, Long> salvage(Path file, String... keys) {
    Map<String, Long> found = new LinkedHashMap<>();
    byte[] b;
    try {
      b = Files.readAllBytes(file);
    } catch (IOException e) {
      return found;
    }
    for (String key : keys) {
      byte[] name = key.getBytes(StandardCharsets.ISO_8859_1);
      for (int i = 1; i + name.length + 16 <= b.length; i++) {
        if ((b[i - 1] & 0xff) == name.length
            && Arrays.equals(b, i, i + name.length, name, 0, name.length)) {
          int q = i + name.length;
          while (q < b.length && (b[q] == (byte) 0x8f || b[q] == (byte) 0x8e)) {
            q += b[q] == (byte) 0x8e && q + 1 < b.length ? 5 + (b[q + 1] & 0xff) : 1;
          }
          if (q + 9 <= b.length && b[q] == (byte) 0xa7) {
            long v = 0;
            for (int k = 8; k >= 1; k--) {
              v = (v << 8) | (b[q + k] & 0xff);
            }
            if (v >= 0) {
              found.put(key, v);
            }
          }
          break;
        }
      }
    }
    return found;
  }

  /** The roll-cycle file name format the table store records, or null. */
  static String rollFormat(Path dir) {
    try {
      byte[] b = Files.readAllBytes(dir.resolve(FILE_NAME));
      byte[] name = "format".getBytes(StandardCharsets.ISO_8859_1);
      for (int i = 0; i + name.length + 2 < Math.min(b.length, 4096); i++) {
        if (Arrays.equals(b, i, i + name.length, name, 0, name.length)) {
          int t = b[i + name.length] & 0xff;
          if (t >= 0xe0) { // short text: 0xe0 + length
            int n = t - 0xe0;
            return new String(b, i + name.length + 1, n, StandardCharsets.ISO_8859_1);
          }
        }
      }
    } catch (IOException | IndexOutOfBoundsException e) {
      return null;
    }
    return null;
  }
}
