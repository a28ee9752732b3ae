package io.sluice.model;

import java.time.Duration;
import java.util.Map;

/**
 * Reads the failover knobs {@code SLUICE_KEEP_COMMITTED}, {@code SLUICE_COMMIT_DURABILITY} and
 * {@code SLUICE_ON_LOST_RANGE}; a refused value names the variable.
 */
final class FailoverEnvironment {
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

  /** A duration as {@link DurationSyntax} reads it; a refusal names the variable. */
  static Duration parseDuration(String name, String value) {
    return DurationSyntax.parse(value).orElseThrow(() -> badDuration(name, value));
  }

  private static IllegalArgumentException badDuration(String name, String value) {
    return new IllegalArgumentException(
        name
            + " is \""
            + value
            + "\" (expected a duration such as 5m, 90s, 500ms, 1h, 0 or ISO-8601 PT5M)");
  }
}
