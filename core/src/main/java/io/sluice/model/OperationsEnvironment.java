package io.sluice.model;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads {@link OperationsConfig} knobs from environment variables; a refused value is reported
 * naming the variable ({@link ConfigChecks#fromEnv}).
 */
final class OperationsEnvironment {
  private OperationsEnvironment() {}

  static OperationsConfig.Builder read(Map<String, String> env, OperationsConfig.Builder b) {
    days(env, "SLUICE_RETENTION_TRACE_DAYS", EventKind.TRACE, b);
    days(env, "SLUICE_RETENTION_ROUTING_DAYS", EventKind.ROUTING, b);
    days(env, "SLUICE_RETENTION_METRIC_DAYS", EventKind.METRIC, b);
    days(env, "SLUICE_RETENTION_TRANSFORMATION_DAYS", EventKind.TRANSFORMATION, b);
    set(
        env,
        "SLUICE_RETENTION_ENABLED",
        v -> b.retentionEnabled(bool("SLUICE_RETENTION_ENABLED", v)));
    set(
        env,
        "SLUICE_RETENTION_INTERVAL_MINUTES",
        v ->
            b.retentionInterval(
                Duration.ofMinutes(ConfigChecks.parseInt("SLUICE_RETENTION_INTERVAL_MINUTES", v))));
    set(
        env,
        "SLUICE_HEALTH_INTERVAL_SECONDS",
        v ->
            b.healthCheckInterval(
                Duration.ofSeconds(ConfigChecks.parseInt("SLUICE_HEALTH_INTERVAL_SECONDS", v))));
    set(
        env,
        "POSTGRES_POOL_EXHAUSTION_THRESHOLD",
        v -> b.poolExhaustionThreshold(percent("POSTGRES_POOL_EXHAUSTION_THRESHOLD", v) / 100));
    set(
        env,
        "SLUICE_MAX_UNDRAINED_AGE_SECONDS",
        v ->
            b.maxUndrainedAge(
                Duration.ofSeconds(ConfigChecks.parseInt("SLUICE_MAX_UNDRAINED_AGE_SECONDS", v))));
    String host = value(env, "SLUICE_PROMETHEUS_HOST");
    set(
        env,
        "SLUICE_PROMETHEUS_PORT",
        v ->
            b.prometheus(
                host == null ? OperationsConfig.DEFAULT_PROMETHEUS_HOST : host,
                ConfigChecks.parseInt("SLUICE_PROMETHEUS_PORT", v)));
    set(
        env,
        "SLUICE_QUERY_POOL_SIZE",
        v -> b.queryPoolSize(ConfigChecks.parseInt("SLUICE_QUERY_POOL_SIZE", v)));
    set(
        env,
        "SLUICE_QUERY_TIMEOUT_MS",
        v ->
            b.queryTimeout(Duration.ofMillis(ConfigChecks.parseInt("SLUICE_QUERY_TIMEOUT_MS", v))));
    return b;
  }

  private static void days(
      Map<String, String> env, String name, EventKind kind, OperationsConfig.Builder b) {
    set(env, name, v -> b.retentionDays(kind, ConfigChecks.parseInt(name, v)));
  }

  private static void set(Map<String, String> env, String name, Consumer<String> action) {
    String v = value(env, name);
    if (v != null) {
      ConfigChecks.fromEnv(name, v, () -> action.accept(v));
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
      default ->
          throw new IllegalArgumentException(name + " is \"" + v + "\" (expected true or false)");
    };
  }

  /**
   * A percentage, as in the original design's {@code .env} ({@code 80.0} is 80 %). Values below 1
   * are refused rather than read as a fraction: {@code 0.9} would mean 0.9 %, which no pool of at
   * most 100 connections can be under, so it is surely a fraction meant as 90 %.
   */
  private static double percent(String name, String v) {
    String rule = "a percentage from 1 to 100, e.g. 80 or 80.0 for 80 %";
    double p;
    try {
      p = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is \"" + v + "\" (expected " + rule + ")", e);
    }
    if (!(p >= 1 && p <= 100)) {
      throw new IllegalArgumentException(
          name
              + " is "
              + v
              + " (expected "
              + rule
              + "; the Java"
              + " knob OperationsConfig.poolExhaustionThreshold takes the fraction, 0.8)");
    }
    return p;
  }
}
