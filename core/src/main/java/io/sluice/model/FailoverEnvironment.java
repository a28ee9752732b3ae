package io.sluice.model;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the failover knobs {@code SLUICE_KEEP_COMMITTED}, {@code SLUICE_COMMIT_DURABILITY} and
 * {@code SLUICE_ON_LOST_RANGE}; a refused value names the variable.
 */
final class FailoverEnvironment {
  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private FailoverEnvironment() {}

  static void read(Map<String, String> env, SluiceConfig.Builder b) {
    String keep = env.get("SLUICE_KEEP_COMMITTED");
    if (keep != null && !keep.isBlank()) {
      ConfigChecks.fromEnv(
          "SLUICE_KEEP_COMMITTED",
          keep,
          () -> b.keepCommitted(parseDuration("SLUICE_KEEP_COMMITTED", keep)));
    }
    String durability = env.get("SLUICE_COMMIT_DURABILITY");
    if (durability != null && !durability.isBlank()) {
      ConfigChecks.fromEnv(
          "SLUICE_COMMIT_DURABILITY",
          durability,
          () ->
              b.commitDurability(
                  SpoolEnvironment.parseEnum(
                      CommitDurability.class, "SLUICE_COMMIT_DURABILITY", durability)));
    }
    String lost = env.get("SLUICE_ON_LOST_RANGE");
    if (lost != null && !lost.isBlank()) {
      ConfigChecks.fromEnv(
          "SLUICE_ON_LOST_RANGE",
          lost,
          () ->
              b.onLostRange(
                  SpoolEnvironment.parseEnum(LostRangePolicy.class, "SLUICE_ON_LOST_RANGE", lost)));
    }
  }

  /** {@code 5m}, {@code 90s}, {@code 500ms}, {@code 1h}, {@code 0}, or ISO-8601 {@code PT5M}. */
  static Duration parseDuration(String name, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("0")) {
      return Duration.ZERO;
    }
    if (v.startsWith("p")) {
      try {
        return Duration.parse(v.toUpperCase(Locale.ROOT));
      } catch (RuntimeException e) {
        throw badDuration(name, value);
      }
    }
    Matcher m = SHORT.matcher(v);
    if (!m.matches()) {
      throw badDuration(name, value);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private static IllegalArgumentException badDuration(String name, String value) {
    return new IllegalArgumentException(
        name
            + " is \""
            + value
            + "\" (expected a duration such as 5m, 90s, 500ms, 1h, 0 or ISO-8601 PT5M)");
  }
}
