package io.sluice.model;

import io.sluice.spool.SpoolConfig;
import io.sluice.spool.SpoolFullPolicy;
import io.sluice.spool.SyncPolicy;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** Applies the {@code SLUICE_*} spool variables to a spool config builder. */
final class SpoolEnvironment {
  private SpoolEnvironment() {}

  static SpoolConfig.Builder apply(SpoolConfig.Builder b, Map<String, String> env) {
    for (String var :
        new String[] {
          "SLUICE_MAX_SPOOL_BYTES",
          "SLUICE_MIN_FREE_DISK_BYTES",
          "SLUICE_FULL_POLICY",
          "SLUICE_BLOCK_TIMEOUT_MS",
          "SLUICE_SYNC_POLICY",
          "SLUICE_SYNC_INTERVAL_MS",
          "SLUICE_SYNC_EVERY_EVENTS"
        }) {
      String value = value(env, var);
      if (value != null) {
        ConfigChecks.fromEnv(var, value, () -> applyOne(b, var, value));
      }
    }
    return b;
  }

  private static void applyOne(SpoolConfig.Builder b, String var, String value) {
    applyAll(b, Map.of(var, value));
  }

  private static void applyAll(SpoolConfig.Builder b, Map<String, String> env) {
    String v;
    if ((v = value(env, "SLUICE_MAX_SPOOL_BYTES")) != null) {
      b.maxSpoolBytes(parseLong("SLUICE_MAX_SPOOL_BYTES", v));
    }
    if ((v = value(env, "SLUICE_MIN_FREE_DISK_BYTES")) != null) {
      b.minFreeDiskBytes(parseLong("SLUICE_MIN_FREE_DISK_BYTES", v));
    }
    if ((v = value(env, "SLUICE_FULL_POLICY")) != null) {
      b.fullPolicy(parseEnum(SpoolFullPolicy.class, "SLUICE_FULL_POLICY", v));
    }
    if ((v = value(env, "SLUICE_BLOCK_TIMEOUT_MS")) != null) {
      b.blockTimeout(Duration.ofMillis(parseLong("SLUICE_BLOCK_TIMEOUT_MS", v)));
    }
    if ((v = value(env, "SLUICE_SYNC_POLICY")) != null) {
      b.syncPolicy(parseEnum(SyncPolicy.class, "SLUICE_SYNC_POLICY", v));
    }
    if ((v = value(env, "SLUICE_SYNC_INTERVAL_MS")) != null) {
      b.syncInterval(Duration.ofMillis(parseLong("SLUICE_SYNC_INTERVAL_MS", v)));
    }
    if ((v = value(env, "SLUICE_SYNC_EVERY_EVENTS")) != null) {
      b.syncEveryEvents(ConfigChecks.parseInt("SLUICE_SYNC_EVERY_EVENTS", v));
    }
  }

  private static String value(Map<String, String> env, String key) {
    String v = env.get(key);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static long parseLong(String name, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " is \"" + value + "\" (expected a whole number)", e);
    }
  }

  static <E extends Enum<E>> E parseEnum(Class<E> type, String name, String value) {
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      StringBuilder allowed = new StringBuilder();
      for (E c : type.getEnumConstants()) {
        allowed.append(allowed.length() == 0 ? "" : ", ").append(c.name().toLowerCase(Locale.ROOT));
      }
      throw new IllegalArgumentException(
          name + " is \"" + value + "\" (expected one of " + allowed + ")", e);
    }
  }
}
