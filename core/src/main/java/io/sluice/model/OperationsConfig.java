package io.sluice.model;

import com.codahale.metrics.MetricRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * How a {@link Sluice} looks after itself: retention, health checks, metrics and the Prometheus
 * endpoint, and the query pool. Immutable; made by {@link #builder()} or {@link
 * #fromEnvironment(Map)}, which reject a bad value at once, naming the field, the value and the
 * allowed range.
 *
 * <pre>
 * knob                      env                                    unit     default
 * retentionDays(TRACE)      SLUICE_RETENTION_TRACE_DAYS            days     30
 * retentionDays(ROUTING)    SLUICE_RETENTION_ROUTING_DAYS          days     90
 * retentionDays(METRIC)     SLUICE_RETENTION_METRIC_DAYS           days     180
 * retentionDays(TRANSFORM.) SLUICE_RETENTION_TRANSFORMATION_DAYS   days     90
 * retentionEnabled          SLUICE_RETENTION_ENABLED               boolean  true
 * retentionInterval         SLUICE_RETENTION_INTERVAL_MINUTES      duration 1 day
 * healthCheckInterval       SLUICE_HEALTH_INTERVAL_SECONDS         duration 60 s
 * poolExhaustionThreshold   POSTGRES_POOL_EXHAUSTION_THRESHOLD     0..1     0.9  (env: percent, 90)
 * maxUndrainedAge           SLUICE_MAX_UNDRAINED_AGE_SECONDS       duration 5 min
 * prometheusEnabled         (set by SLUICE_PROMETHEUS_PORT)        boolean  false
 * prometheusHost            SLUICE_PROMETHEUS_HOST                 host     127.0.0.1
 * prometheusPort            SLUICE_PROMETHEUS_PORT                 port     9464
 * queryPoolSize             SLUICE_QUERY_POOL_SIZE                 conns    2
 * queryTimeout              SLUICE_QUERY_TIMEOUT_MS                duration 5 s
 * metricRegistry            -                                      -        Sluice's own
 * scheduler                 -                                      -        one daemon thread
 * </pre>
 */
public final class OperationsConfig {
  public static final int DEFAULT_TRACE_RETENTION_DAYS = 30;
  public static final int DEFAULT_ROUTING_RETENTION_DAYS = 90;
  public static final int DEFAULT_METRIC_RETENTION_DAYS = 180;
  public static final int DEFAULT_TRANSFORMATION_RETENTION_DAYS = 90;
  public static final int MAX_RETENTION_DAYS = 36_500;
  public static final Duration DEFAULT_RETENTION_INTERVAL = Duration.ofDays(1);
  public static final Duration DEFAULT_HEALTH_CHECK_INTERVAL = Duration.ofSeconds(60);
  public static final double DEFAULT_POOL_EXHAUSTION_THRESHOLD = 0.9;
  public static final Duration DEFAULT_MAX_UNDRAINED_AGE = Duration.ofMinutes(5);
  public static final String DEFAULT_PROMETHEUS_HOST = "127.0.0.1";
  public static final int DEFAULT_PROMETHEUS_PORT = 9464;
  public static final int DEFAULT_QUERY_POOL_SIZE = 2;
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);

  private final Map<EventKind, Integer> retentionDays;
  private final boolean retentionEnabled;
  private final Duration retentionInterval;
  private final Duration healthCheckInterval;
  private final double poolExhaustionThreshold;
  private final Duration maxUndrainedAge;
  private final boolean prometheusEnabled;
  private final String prometheusHost;
  private final int prometheusPort;
  private final int queryPoolSize;
  private final Duration queryTimeout;
  private final MetricRegistry metricRegistry;
  private final ScheduledExecutorService scheduler;

  private OperationsConfig(Builder b) {
    this.retentionDays = new EnumMap<>(b.retentionDays);
    this.retentionEnabled = b.retentionEnabled;
    this.retentionInterval = b.retentionInterval;
    this.healthCheckInterval = b.healthCheckInterval;
    this.poolExhaustionThreshold = b.poolExhaustionThreshold;
    this.maxUndrainedAge = b.maxUndrainedAge;
    this.prometheusEnabled = b.prometheusEnabled;
    this.prometheusHost = b.prometheusHost;
    this.prometheusPort = b.prometheusPort;
    this.queryPoolSize = b.queryPoolSize;
    this.queryTimeout = b.queryTimeout;
    this.metricRegistry = b.metricRegistry;
    this.scheduler = b.scheduler;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** All defaults. */
  public static OperationsConfig defaults() {
    return builder().build();
  }

  /**
   * A builder filled from the environment variables in the table above; unset or blank ones keep
   * their default.
   *
   * @throws IllegalArgumentException naming the variable whose value is bad
   */
  public static Builder fromEnvironment(Map<String, String> env) {
    return OperationsEnvironment.read(env, builder());
  }

  /** Days events of {@code kind} are kept, counted back from now, in whole UTC day partitions. */
  public int retentionDays(EventKind kind) {
    return retentionDays.get(kind);
  }

  public boolean retentionEnabled() {
    return retentionEnabled;
  }

  public Duration retentionInterval() {
    return retentionInterval;
  }

  public Duration healthCheckInterval() {
    return healthCheckInterval;
  }

  public double poolExhaustionThreshold() {
    return poolExhaustionThreshold;
  }

  public Duration maxUndrainedAge() {
    return maxUndrainedAge;
  }

  public boolean prometheusEnabled() {
    return prometheusEnabled;
  }

  public String prometheusHost() {
    return prometheusHost;
  }

  public int prometheusPort() {
    return prometheusPort;
  }

  /**
   * Checks the connections of a query pool (1 to 32), for this config and {@code SluiceQueries}.
   *
   * @throws IllegalArgumentException naming {@code field}, the value and the range
   */
  public static int checkQueryPoolSize(String field, int size) {
    return ConfigChecks.range(field, size, 1, 32);
  }

  /**
   * Checks a query statement timeout (100 ms to 10 min), for this config and {@code SluiceQueries}.
   *
   * @throws IllegalArgumentException naming {@code field}, the value and the range
   */
  public static Duration checkQueryTimeout(String field, Duration timeout) {
    return ConfigChecks.range(field, timeout, Duration.ofMillis(100), Duration.ofMinutes(10));
  }

  public int queryPoolSize() {
    return queryPoolSize;
  }

  public Duration queryTimeout() {
    return queryTimeout;
  }

  /** The host application's registry, or {@code null}: Sluice then uses its own. */
  public MetricRegistry metricRegistry() {
    return metricRegistry;
  }

  /** The host application's scheduler, or {@code null}: Sluice then starts one daemon thread. */
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  @Override
  public String toString() {
    return "OperationsConfig{retentionDays="
        + retentionDays
        + ", retention="
        + retentionEnabled
        + " every "
        + retentionInterval
        + ", health every "
        + healthCheckInterval
        + ", prometheus="
        + (prometheusEnabled ? prometheusHost + ":" + prometheusPort : "off")
        + '}';
  }

  /**
   * Builds an {@link OperationsConfig}; each setter rejects a bad value at once. Not thread-safe.
   */
  public static final class Builder {
    private final Map<EventKind, Integer> retentionDays = new EnumMap<>(EventKind.class);
    private boolean retentionEnabled = true;
    private Duration retentionInterval = DEFAULT_RETENTION_INTERVAL;
    private Duration healthCheckInterval = DEFAULT_HEALTH_CHECK_INTERVAL;
    private double poolExhaustionThreshold = DEFAULT_POOL_EXHAUSTION_THRESHOLD;
    private Duration maxUndrainedAge = DEFAULT_MAX_UNDRAINED_AGE;
    private boolean prometheusEnabled;
    private String prometheusHost = DEFAULT_PROMETHEUS_HOST;
    private int prometheusPort = DEFAULT_PROMETHEUS_PORT;
    private int queryPoolSize = DEFAULT_QUERY_POOL_SIZE;
    private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;
    private MetricRegistry metricRegistry;
    private ScheduledExecutorService scheduler;

    private Builder() {
      retentionDays.put(EventKind.TRACE, DEFAULT_TRACE_RETENTION_DAYS);
      retentionDays.put(EventKind.ROUTING, DEFAULT_ROUTING_RETENTION_DAYS);
      retentionDays.put(EventKind.METRIC, DEFAULT_METRIC_RETENTION_DAYS);
      retentionDays.put(EventKind.TRANSFORMATION, DEFAULT_TRANSFORMATION_RETENTION_DAYS);
    }

    /**
     * Days to keep events of {@code kind}; 1..36,500. Defaults: trace 30, routing 90, metric 180,
     * transformation 90.
     */
    public Builder retentionDays(EventKind kind, int days) {
      Objects.requireNonNull(kind, "kind");
      retentionDays.put(
          kind, ConfigChecks.range("retentionDays(" + kind + ")", days, 1, MAX_RETENTION_DAYS));
      return this;
    }

    /**
     * Run retention on a schedule in the draining process. Default true (on demand always works).
     */
    public Builder retentionEnabled(boolean enabled) {
      this.retentionEnabled = enabled;
      return this;
    }

    /** Time between scheduled retention runs. Default 1 day; 1 min..30 days. */
    public Builder retentionInterval(Duration interval) {
      this.retentionInterval =
          ConfigChecks.range(
              "retentionInterval", interval, Duration.ofMinutes(1), Duration.ofDays(30));
      return this;
    }

    /** Time between health checks (each logs a change of status). Default 60 s; 1 s..1 h. */
    public Builder healthCheckInterval(Duration interval) {
      this.healthCheckInterval =
          ConfigChecks.range(
              "healthCheckInterval", interval, Duration.ofSeconds(1), Duration.ofHours(1));
      return this;
    }

    /**
     * Pool utilization (active / max) at which health is DEGRADED. Default 0.9; above 0, at most 1.
     */
    public Builder poolExhaustionThreshold(double threshold) {
      if (!(threshold > 0 && threshold <= 1)) {
        throw new IllegalArgumentException(
            "poolExhaustionThreshold is " + threshold + " (expected above 0 and at most 1)");
      }
      this.poolExhaustionThreshold = threshold;
      return this;
    }

    /**
     * Longest the oldest undrained event may wait before health is DEGRADED. Default 5 min; 1 s..7
     * days.
     */
    public Builder maxUndrainedAge(Duration age) {
      this.maxUndrainedAge =
          ConfigChecks.range("maxUndrainedAge", age, Duration.ofSeconds(1), Duration.ofDays(7));
      return this;
    }

    /**
     * Serve the metrics as Prometheus text on {@code http://host:port/metrics}. Off by default. The
     * host defaults to loopback: expose it wider only behind your own access control. Needs {@code
     * io.sluice:sluice-prometheus} on the class path ({@code Sluice.start} says so when it is
     * missing); with Micrometer, use {@code sluice-micrometer} instead.
     */
    public Builder prometheus(String host, int port) {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException(
            "prometheusHost is blank (expected a host name or address, e.g. 127.0.0.1)");
      }
      this.prometheusHost = host.trim();
      this.prometheusPort = ConfigChecks.range("prometheusPort", port, 0, 65_535);
      this.prometheusEnabled = true;
      return this;
    }

    /** Turns the Prometheus endpoint off (the default). */
    public Builder prometheusDisabled() {
      this.prometheusEnabled = false;
      return this;
    }

    /** Connections of the query pool (separate from the drainer's). Default 2; 1..32. */
    public Builder queryPoolSize(int size) {
      this.queryPoolSize = checkQueryPoolSize("queryPoolSize", size);
      return this;
    }

    /** Server-side statement timeout of a query. Default 5 s; 100 ms..10 min. */
    public Builder queryTimeout(Duration timeout) {
      this.queryTimeout = checkQueryTimeout("queryTimeout", timeout);
      return this;
    }

    /** Register Sluice's metrics (and its pools') on the host application's registry. */
    public Builder metricRegistry(MetricRegistry registry) {
      this.metricRegistry = Objects.requireNonNull(registry, "metricRegistry");
      return this;
    }

    /**
     * Run the health loop and scheduled retention on the host application's scheduler. Sluice does
     * not shut it down. By default Sluice starts (and stops) one daemon thread.
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    public OperationsConfig build() {
      return new OperationsConfig(this);
    }
  }
}
