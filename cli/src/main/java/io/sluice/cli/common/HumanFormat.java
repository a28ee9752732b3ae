package io.sluice.cli.common;

import java.time.Duration;
import java.util.Locale;

/** Numbers, sizes and durations as people read them in the human (non-JSON) output. */
public final class HumanFormat {
  private HumanFormat() {}

  /**
   * {@code 1234567} → {@code 1,234,567}; a negative value (Sluice's "unknown") → {@code unknown}.
   */
  public static String count(long n) {
    return n < 0 ? "unknown" : String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code 2411724} → {@code 2.3 MiB}. */
  public static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** Seconds with two decimals below a minute, else minutes and seconds; {@code null} → unknown. */
  public static String duration(Duration d) {
    if (d == null) {
      return "unknown";
    }
    if (d.compareTo(Duration.ofMinutes(1)) < 0) {
      return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
    }
    long s = d.getSeconds();
    return s >= 3600
        ? String.format(Locale.ROOT, "%dh %02dm %02ds", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
  }

  public static String seconds(double seconds) {
    return String.format(Locale.ROOT, "%.2f s", seconds);
  }

  /** Seconds rounded to the millisecond, for JSON output. */
  public static double roundedSeconds(long nanos) {
    return Math.round(nanos / 1e6) / 1e3;
  }
}
