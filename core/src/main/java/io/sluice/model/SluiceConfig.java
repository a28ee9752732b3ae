package io.sluice.model;

import io.sluice.spool.RollCycle;
import io.sluice.spool.SpoolConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything one {@link Sluice} needs: the spool folder, the database, and how the drainer batches.
 * Immutable; made by {@link #builder()} or {@link #fromEnvironment(Map)}, which reject a bad value
 * at once, naming the field, the value and the allowed range.
 */
public final class SluiceConfig {
  public static final String DEFAULT_INSTANCE_NAME = "sluice";
  public static final int DEFAULT_MAX_BATCH_EVENTS = 10_000;
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(200);

  /** Default largest encoded size of one event: 1 MiB. */
  public static final int DEFAULT_MAX_EVENT_BYTES = 1 << 20;

  /** The largest {@code maxEventBytes} allowed: 16 MiB. */
  public static final int MAX_MAX_EVENT_BYTES = 16 << 20;

  public static final int DEFAULT_PARTITION_DAYS_AHEAD = 3;
  public static final int DEFAULT_BREAKER_FAILURE_THRESHOLD = 5;
  public static final Duration DEFAULT_BREAKER_OPEN_DURATION = Duration.ofSeconds(60);
  public static final int DEFAULT_BREAKER_HALF_OPEN_SUCCESSES = 3;
  public static final Duration DEFAULT_FATAL_RETRY_INTERVAL = Duration.ofSeconds(60);

  /**
   * Default time a committed cycle file is kept for a failover: 5 minutes, longer than a typical
   * automatic failover (Patroni's default TTL is 30 s, managed services fail over in 1-2 minutes)
   * plus the time to notice it, at the cost of at most 5 minutes of extra spool bytes.
   */
  public static final Duration DEFAULT_KEEP_COMMITTED = Duration.ofMinutes(5);

  /**
   * Default drain lanes: 4, one per event kind ({@link #MAX_DRAIN_LANES}), or fewer when the writer
   * pool is small: at most {@code poolMaxSize - 1}, so the drainer keeps a connection for its own
   * reads. Four lanes replayed realistic events 1.5 x faster than one on 2 cores (bench/README.md).
   */
  public static final int DEFAULT_DRAIN_LANES = 4;

  public static final int MAX_DRAIN_LANES = EventKind.values().length;

  private static final Pattern INSTANCE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private final String instanceName;
  private final SpoolConfig spool;
  private final DatabaseConfig database;
  private final boolean drainEnabled;
  private final boolean applySchema;
  private final int maxBatchEvents;
  private final Duration flushInterval;
  private final int maxEventBytes;
  private final int partitionDaysAhead;
  private final int breakerFailureThreshold;
  private final Duration breakerOpenDuration;
  private final int breakerHalfOpenSuccesses;
  private final Duration fatalRetryInterval;
  private final boolean strictSpool;
  private final Duration keepCommitted;
  private final int drainLanes;
  private final CommitDurability commitDurability;
  private final LostRangePolicy onLostRange;
  private final Clock clock;
  private final OperationsConfig operations;

  private SluiceConfig(Builder b, SpoolConfig spool) {
    this.instanceName = b.instanceName;
    this.spool = spool;
    this.database = b.database;
    this.drainEnabled = b.drainEnabled;
    this.applySchema = b.applySchema;
    this.maxBatchEvents = b.maxBatchEvents;
    this.flushInterval = b.flushInterval;
    this.maxEventBytes = b.maxEventBytes;
    this.partitionDaysAhead = b.partitionDaysAhead;
    this.breakerFailureThreshold = b.breakerFailureThreshold;
    this.breakerOpenDuration = b.breakerOpenDuration;
    this.breakerHalfOpenSuccesses = b.breakerHalfOpenSuccesses;
    this.fatalRetryInterval = b.fatalRetryInterval;
    this.strictSpool = b.strictSpool;
    this.keepCommitted = b.keepCommitted;
    this.drainLanes =
        b.drainLanes != null
            ? b.drainLanes
            : Math.max(1, Math.min(DEFAULT_DRAIN_LANES, b.database.poolMaxSize() - 1));
    this.commitDurability = b.commitDurability;
    this.onLostRange = b.onLostRange;
    this.clock = b.clock;
    this.operations = b.operations;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder filled from environment variables: the database ones of {@link
   * DatabaseConfig#fromEnvironment(Map)} plus {@code SLUICE_SPOOL_DIR}, {@code SLUICE_BATCH_SIZE}
   * (events), {@code SLUICE_FLUSH_INTERVAL_MS}, and the spool's {@code SLUICE_MAX_SPOOL_BYTES},
   * {@code SLUICE_MIN_FREE_DISK_BYTES}, {@code SLUICE_FULL_POLICY} ({@code block}, {@code fail},
   * {@code drop_newest}), {@code SLUICE_BLOCK_TIMEOUT_MS}, {@code SLUICE_SYNC_POLICY} ({@code
   * none}, {@code interval}, {@code every}), {@code SLUICE_SYNC_INTERVAL_MS}, {@code
   * SLUICE_SYNC_EVERY_EVENTS}, and the failover knobs {@code SLUICE_KEEP_COMMITTED} ({@code 5m},
   * {@code PT5M}), {@code SLUICE_COMMIT_DURABILITY} ({@code local}, {@code replicated}), {@code
   * SLUICE_ON_LOST_RANGE} ({@code halt}, {@code continue}).
   *
   * @throws IllegalArgumentException naming the variable whose value is bad
   */
  public static Builder fromEnvironment(Map<String, String> env) {
    Builder b = builder().database(DatabaseConfig.fromEnvironment(env).build());
    String dir = env.get("SLUICE_SPOOL_DIR");
    if (dir != null && !dir.isBlank()) {
      b.spoolDirectory(Path.of(dir));
    }
    b.spoolEnv.putAll(env);
    ConfigChecks.intFromEnv(env, "SLUICE_BATCH_SIZE", b::maxBatchEvents);
    ConfigChecks.intFromEnv(
        env, "SLUICE_FLUSH_INTERVAL_MS", ms -> b.flushInterval(Duration.ofMillis(ms)));
    ConfigChecks.intFromEnv(env, "SLUICE_DRAIN_LANES", b::drainLanes);
    FailoverEnvironment.read(env, b);
    b.operations(OperationsConfig.fromEnvironment(env).build());
    return b;
  }

  /** Retention, health, metrics, Prometheus and query-pool settings. */
  public OperationsConfig operations() {
    return operations;
  }

  /**
   * Checks an instance name (1 to 64 of A-Z a-z 0-9 _ . -): it names threads, pools, metrics and
   * files, so every component that takes one checks it here.
   *
   * @throws IllegalArgumentException naming the value and the rule
   */
  public static String checkInstanceName(String instanceName) {
    if (instanceName == null || !INSTANCE_NAME.matcher(instanceName).matches()) {
      throw new IllegalArgumentException(
          "instanceName is "
              + Printable.quote(instanceName)
              + " (expected 1 to 64 of A-Z a-z 0-9 _ . -)");
    }
    return instanceName;
  }

  /** Names this instance in log lines and metric names. */
  public String instanceName() {
    return instanceName;
  }

  public Path spoolDirectory() {
    return spool.directory();
  }

  /**
   * The spool's settings: folder, roll cycle, byte budget, disk reserve, full and sync policies.
   */
  public SpoolConfig spool() {
    return spool;
  }

  public DatabaseConfig database() {
    return database;
  }

  public boolean drainEnabled() {
    return drainEnabled;
  }

  public boolean applySchema() {
    return applySchema;
  }

  public int maxBatchEvents() {
    return maxBatchEvents;
  }

  public Duration flushInterval() {
    return flushInterval;
  }

  public int maxEventBytes() {
    return maxEventBytes;
  }

  public int partitionDaysAhead() {
    return partitionDaysAhead;
  }

  public int breakerFailureThreshold() {
    return breakerFailureThreshold;
  }

  public Duration breakerOpenDuration() {
    return breakerOpenDuration;
  }

  public int breakerHalfOpenSuccesses() {
    return breakerHalfOpenSuccesses;
  }

  public Duration fatalRetryInterval() {
    return fatalRetryInterval;
  }

  public boolean strictSpool() {
    return strictSpool;
  }

  public Duration keepCommitted() {
    return keepCommitted;
  }

  /** The lanes draining the spool: as set, or {@link #DEFAULT_DRAIN_LANES} for the pool size. */
  public int drainLanes() {
    return drainLanes;
  }

  public CommitDurability commitDurability() {
    return commitDurability;
  }

  public LostRangePolicy onLostRange() {
    return onLostRange;
  }

  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "SluiceConfig{instance="
        + instanceName
        + ", spool="
        + spool
        + ", database="
        + database
        + ", drain="
        + drainEnabled
        + ", maxBatchEvents="
        + maxBatchEvents
        + ", flushInterval="
        + flushInterval
        + '}';
  }

  /** Builds a {@link SluiceConfig}. Not thread-safe. */
  public static final class Builder {
    private String instanceName = DEFAULT_INSTANCE_NAME;
    private Path spoolDirectory;
    private RollCycle rollCycle = RollCycle.HOURLY;
    private SpoolConfig spool;
    private final Map<String, String> spoolEnv = new java.util.HashMap<>();
    private DatabaseConfig database = DatabaseConfig.builder().build();
    private boolean drainEnabled = true;
    private boolean applySchema = true;
    private int maxBatchEvents = DEFAULT_MAX_BATCH_EVENTS;
    private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
    private int maxEventBytes = DEFAULT_MAX_EVENT_BYTES;
    private int partitionDaysAhead = DEFAULT_PARTITION_DAYS_AHEAD;
    private int breakerFailureThreshold = DEFAULT_BREAKER_FAILURE_THRESHOLD;
    private Duration breakerOpenDuration = DEFAULT_BREAKER_OPEN_DURATION;
    private int breakerHalfOpenSuccesses = DEFAULT_BREAKER_HALF_OPEN_SUCCESSES;
    private Duration fatalRetryInterval = DEFAULT_FATAL_RETRY_INTERVAL;
    private boolean strictSpool;
    private Duration keepCommitted = DEFAULT_KEEP_COMMITTED;
    private Integer drainLanes; // null: by default, from the pool size
    private CommitDurability commitDurability = CommitDurability.LOCAL;
    private LostRangePolicy onLostRange = LostRangePolicy.HALT;
    private Clock clock = Clock.systemUTC();
    private OperationsConfig operations = OperationsConfig.defaults();

    private Builder() {}

    /** Letters, digits, {@code _ . -}; 1 to 64 characters. Default {@code sluice}. */
    public Builder instanceName(String instanceName) {
      this.instanceName = checkInstanceName(instanceName);
      return this;
    }

    /**
     * All spool settings at once (folder, roll cycle, {@code maxSpoolBytes}, {@code
     * minFreeDiskBytes}, full policy, sync policy); overrides {@link #spoolDirectory} and {@link
     * #rollCycle}.
     */
    public Builder spool(SpoolConfig spool) {
      this.spool = Objects.requireNonNull(spool, "spool");
      return this;
    }

    /** The spool folder; required unless {@link #spool} is given. Created owner-only if missing. */
    public Builder spoolDirectory(Path spoolDirectory) {
      this.spoolDirectory = Objects.requireNonNull(spoolDirectory, "spoolDirectory");
      return this;
    }

    /** Cycle length of a new spool (an existing spool keeps its own). Default hourly. */
    public Builder rollCycle(RollCycle rollCycle) {
      this.rollCycle = Objects.requireNonNull(rollCycle, "rollCycle");
      return this;
    }

    public Builder database(DatabaseConfig database) {
      this.database = Objects.requireNonNull(database, "database");
      return this;
    }

    /** Run the drainer in this process. Default true; false for a writer-only process. */
    public Builder drainEnabled(boolean drainEnabled) {
      this.drainEnabled = drainEnabled;
      return this;
    }

    /** Apply the schema migrations when the drainer first connects. Default true. */
    public Builder applySchema(boolean applySchema) {
      this.applySchema = applySchema;
      return this;
    }

    /** Most events in one drained batch (one transaction). Default 10,000; 1..1,000,000. */
    public Builder maxBatchEvents(int maxBatchEvents) {
      this.maxBatchEvents = ConfigChecks.range("maxBatchEvents", maxBatchEvents, 1, 1_000_000);
      return this;
    }

    /** Longest a drained event waits for its batch to fill. Default 200 ms; 1 ms..10 min. */
    public Builder flushInterval(Duration flushInterval) {
      this.flushInterval =
          ConfigChecks.range(
              "flushInterval", flushInterval, Duration.ofMillis(1), Duration.ofMinutes(10));
      return this;
    }

    /** Largest encoded event accepted. Default 1 MiB; 1 KiB..16 MiB. */
    public Builder maxEventBytes(int maxEventBytes) {
      this.maxEventBytes =
          ConfigChecks.range("maxEventBytes", maxEventBytes, 1024, MAX_MAX_EVENT_BYTES);
      return this;
    }

    /** Day partitions created ahead of today. Default 3; 0..365. */
    public Builder partitionDaysAhead(int partitionDaysAhead) {
      this.partitionDaysAhead =
          ConfigChecks.range("partitionDaysAhead", partitionDaysAhead, 0, 365);
      return this;
    }

    /** Transient failures in a row that open the circuit breaker. Default 5; 1..100. */
    public Builder breakerFailureThreshold(int failures) {
      this.breakerFailureThreshold =
          ConfigChecks.range("breakerFailureThreshold", failures, 1, 100);
      return this;
    }

    /** How long the open breaker blocks writes before probing. Default 60 s; 100 ms..1 h. */
    public Builder breakerOpenDuration(Duration openDuration) {
      this.breakerOpenDuration =
          ConfigChecks.range(
              "breakerOpenDuration", openDuration, Duration.ofMillis(100), Duration.ofHours(1));
      return this;
    }

    /** Successful batches that close a half-open breaker. Default 3; 1..100. */
    public Builder breakerHalfOpenSuccesses(int successes) {
      this.breakerHalfOpenSuccesses =
          ConfigChecks.range("breakerHalfOpenSuccesses", successes, 1, 100);
      return this;
    }

    /**
     * How often a drainer stopped by a configuration fault (missing table, privilege,
     * authentication) checks again. Default 60 s; 100 ms..1 h.
     */
    public Builder fatalRetryInterval(Duration interval) {
      this.fatalRetryInterval =
          ConfigChecks.range(
              "fatalRetryInterval", interval, Duration.ofMillis(100), Duration.ofHours(1));
      return this;
    }

    /**
     * On a damaged spool record, stop draining (true) instead of setting the record aside in the
     * dead-letter spool and going on (false, the default); likewise refuse to open a spool with a
     * truncated cycle file instead of moving it to {@code quarantine/}.
     */
    public Builder strictSpool(boolean strict) {
      this.strictSpool = strict;
      return this;
    }

    /**
     * How long a committed cycle file is kept before it is deleted, so that a PostgreSQL failover
     * that loses the last commits can re-drain them from the spool: a file goes once the checkpoint
     * covering it, committed at least this long ago, is read back from the database. Kept files
     * count toward {@code maxSpoolBytes} and are the first to go when an append needs room. Default
     * 5 min; 0 (delete at once, as soon as committed) to 7 days. Env {@code SLUICE_KEEP_COMMITTED}.
     */
    public Builder keepCommitted(Duration keep) {
      this.keepCommitted =
          ConfigChecks.range("keepCommitted", keep, Duration.ZERO, Duration.ofDays(7));
      return this;
    }

    /**
     * How many lanes drain the spool, each with its own connection and its own checkpoint row:
     * traces in one, routing decisions in the next, and so on (with fewer lanes than the four
     * kinds, the last lane takes the remaining kinds). Order holds within a kind. Default 4, or
     * {@code poolMaxSize - 1} when that is less; 1 to 4, at most {@code poolMaxSize - 1}. Lowering
     * it on a spool whose lanes stand at different indexes is refused until it is drained with the
     * old number. Env {@code SLUICE_DRAIN_LANES}.
     */
    public Builder drainLanes(int lanes) {
      this.drainLanes = ConfigChecks.range("drainLanes", lanes, 1, MAX_DRAIN_LANES);
      return this;
    }

    /**
     * {@code LOCAL} (default) or {@code REPLICATED}: see {@link CommitDurability}. Env {@code
     * SLUICE_COMMIT_DURABILITY}.
     */
    public Builder commitDurability(CommitDurability durability) {
      this.commitDurability = Objects.requireNonNull(durability, "commitDurability");
      return this;
    }

    /**
     * {@code HALT} (default) or {@code CONTINUE}: see {@link LostRangePolicy}. Env {@code
     * SLUICE_ON_LOST_RANGE}.
     */
    public Builder onLostRange(LostRangePolicy policy) {
      this.onLostRange = Objects.requireNonNull(policy, "onLostRange");
      return this;
    }

    /** The clock for partitions and ages; tests pass a fixed one. Default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Retention, health, metrics, Prometheus and query-pool settings. Default {@link
     * OperationsConfig#defaults()}.
     */
    public Builder operations(OperationsConfig operations) {
      this.operations = Objects.requireNonNull(operations, "operations");
      return this;
    }

    /**
     * @throws IllegalArgumentException if the spool directory was not set
     */
    public SluiceConfig build() {
      if (spool != null) {
        return new SluiceConfig(this, spool);
      }
      if (spoolDirectory == null) {
        throw new IllegalArgumentException(
            "spoolDirectory is not set (expected a folder path; env SLUICE_SPOOL_DIR or"
                + " --spool)");
      }
      // Built for this call only, never kept: a later build() after spoolDirectory(...) or
      // strictSpool(...) must see the new values.
      SpoolConfig built =
          SpoolEnvironment.apply(
                  SpoolConfig.builder(spoolDirectory)
                      .rollCycle(rollCycle)
                      .refuseTruncatedFiles(strictSpool),
                  spoolEnv)
              .build();
      return new SluiceConfig(this, built);
    }
  }
}
