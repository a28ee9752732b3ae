package io.sluice;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** Reads {@link OperationsConfig} knobs from environment variables. */
final class OperationsEnvironment {
  private OperationsEnvironment() {}

  static OperationsConfig.Builder read(Map<String, String> env, OperationsConfig.Builder b) {
    days(env, "SLUICE_RETENTION_TRACE_DAYS", EventKind.TRACE, b);
    days(env, "SLUICE_RETENTION_ROUTING_DAYS", EventKind.ROUTING, b);
    days(env, "SLUICE_RETENTION_METRIC_DAYS", EventKind.METRIC, b);
    days(env, "SLUICE_RETENTION_TRANSFORMATION_DAYS", EventKind.TRANSFORMATION, b);
    String enabled = value(env, "SLUICE_RETENTION_ENABLED");
    if (enabled != null) {
      b.retentionEnabled(bool("SLUICE_RETENTION_ENABLED", enabled));
    }
    String interval = value(env, "SLUICE_RETENTION_INTERVAL_MINUTES");
    if (interval != null) {
      b.retentionInterval(
          Duration.ofMinutes(ConfigChecks.parseInt("SLUICE_RETENTION_INTERVAL_MINUTES", interval)));
    }
    String health = value(env, "SLUICE_HEALTH_INTERVAL_SECONDS");
    if (health != null) {
      b.healthCheckInterval(
          Duration.ofSeconds(ConfigChecks.parseInt("SLUICE_HEALTH_INTERVAL_SECONDS", health)));
    }
    String threshold = value(env, "POSTGRES_POOL_EXHAUSTION_THRESHOLD");
    if (threshold != null) {
      b.poolExhaustionThreshold(fraction("POSTGRES_POOL_EXHAUSTION_THRESHOLD", threshold));
    }
    String age = value(env, "SLUICE_MAX_UNDRAINED_AGE_SECONDS");
    if (age != null) {
      b.maxUndrainedAge(
          Duration.ofSeconds(ConfigChecks.parseInt("SLUICE_MAX_UNDRAINED_AGE_SECONDS", age)));
    }
    String port = value(env, "SLUICE_PROMETHEUS_PORT");
    if (port != null) {
      String host = value(env, "SLUICE_PROMETHEUS_HOST");
      b.prometheus(
          host == null ? OperationsConfig.DEFAULT_PROMETHEUS_HOST : host,
          ConfigChecks.parseInt("SLUICE_PROMETHEUS_PORT", port));
    }
    String pool = value(env, "SLUICE_QUERY_POOL_SIZE");
    if (pool != null) {
      b.queryPoolSize(ConfigChecks.parseInt("SLUICE_QUERY_POOL_SIZE", pool));
    }
    String timeout = value(env, "SLUICE_QUERY_TIMEOUT_MS");
    if (timeout != null) {
      b.queryTimeout(Duration.ofMillis(ConfigChecks.parseInt("SLUICE_QUERY_TIMEOUT_MS", timeout)));
    }
    return b;
  }

  private static void days(
      Map<String, String> env, String name, EventKind kind, OperationsConfig.Builder b) {
    String v = value(env, name);
    if (v != null) {
      b.retentionDays(kind, ConfigChecks.parseInt(name, v));
    }
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static boolean bool(String name, String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw new IllegalArgumentException(
          name + " is \"" + v + "\" (expected true or false)");
    };
  }

  private static double fraction(String name, String v) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " is \"" + v + "\" (expected a number above 0 and at most 1, e.g. 0.9)", e);
    }
  }
}
