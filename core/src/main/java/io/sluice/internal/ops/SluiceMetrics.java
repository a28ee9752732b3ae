package io.sluice.internal.ops;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.dropwizard.CodahaleMetricsTrackerFactory;
import io.sluice.BreakerState;
import io.sluice.SluiceHealth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Every metric Sluice publishes, named here and nowhere else: {@code sluice.<instance>.<area>.<name>}
 * on one Dropwizard {@link MetricRegistry} (the host application's, or Sluice's own). Registered by
 * the constructor and {@link #bindGauges}, removed by {@link #close()}. HikariCP registers its own
 * pool metrics under {@code sluice.<instance>.db.<writer|reader>.pool.*} ({@link #poolTracker}) and
 * removes them when the pool closes.
 *
 * <p>The append path pays for one {@link Counter#inc()} (a LongAdder increment). Thread-safe.
 */
public final class SluiceMetrics implements DrainObserver, AutoCloseable {
  /**
   * Events appended to the spool (counter). A counter, not a meter, because it is on the append
   * path: one LongAdder increment (~15 ns) against a meter's clock read and four adders (~75-130 ns
   * measured). Rates come from the scraper ({@code rate()} in Prometheus).
   */
  public static final String APPENDS = "spool.appends";
  /** Events in the spool not yet committed (gauge, events). */
  public static final String BACKLOG = "spool.backlog";
  /** How long the oldest uncommitted event has waited (gauge, seconds; NaN when unknown). */
  public static final String OLDEST_UNDRAINED_SECONDS = "spool.oldest_undrained_seconds";
  /** Bytes the spool uses on disk (gauge). */
  public static final String SPOOL_BYTES = "spool.bytes";
  /** Batches committed (meter). */
  public static final String COMMITS = "drain.commits";
  /** Events committed (meter). */
  public static final String EVENTS_COMMITTED = "drain.events";
  /** Events per committed batch (histogram). */
  public static final String BATCH_SIZE = "drain.batch_size";
  /** Time from the start of a batch to its commit (timer). */
  public static final String COMMIT_LATENCY = "drain.commit_latency";
  /** Failed batches or connection attempts (meter). */
  public static final String FAILURES = "drain.failures";
  /** Circuit breaker: 0 CLOSED, 1 HALF_OPEN, 2 OPEN, -1 unknown (gauge). */
  public static final String BREAKER_STATE = "drain.breaker_state";
  /**
   * What the drainer does (gauge): 0 DRAINING, 1 STANDBY (another process owns the spool), 2
   * CONNECTING, 3 RETRYING, 4 HALTED_FATAL, 5 STOPPED, 6 CLOSED; -1 when this process does not
   * drain.
   */
  public static final String DRAIN_STATE = "drain.state";
  /** Events set aside in the dead-letter spool, ever (gauge; -1 unknown). */
  public static final String DEAD_LETTERS = "drain.dead_letters";
  /** Events dropped on purpose since start, e.g. older than retention (counter). */
  public static final String DROPPED = "drain.dropped";
  /** Day partitions removed by retention (counter). */
  public static final String RETENTION_PARTITIONS = "retention.partitions_removed";
  /** Rows those partitions held (counter). */
  public static final String RETENTION_ROWS = "retention.rows_removed";
  /** Query duration (timer). */
  public static final String QUERY_LATENCY = "query.latency";
  /** Failed queries (counter). */
  public static final String QUERY_FAILURES = "query.failures";
  /** Health: 0 HEALTHY, 1 DEGRADED, 2 RECOVERING, 3 UNHEALTHY (gauge). */
  public static final String HEALTH_STATUS = "health.status";
  /** Events dropped: the spool's drop_newest policy (ever) plus the drainer's (gauge). */
  public static final String SPOOL_DROPPED = "spool.dropped";
  /** The spool's byte budget, SpoolConfig.maxSpoolBytes (gauge, bytes). */
  public static final String SPOOL_MAX_BYTES = "spool.max_bytes";
  /** The free-disk reserve, SpoolConfig.minFreeDiskBytes (gauge, bytes). */
  public static final String SPOOL_MIN_FREE_DISK_BYTES = "spool.min_free_disk_bytes";
  /** Usable bytes left on the spool's file system (gauge, bytes; NaN when unreadable). */
  public static final String SPOOL_DISK_FREE_BYTES = "spool.disk_free_bytes";
  /** OperationsConfig.maxUndrainedAge, the DEGRADED threshold (gauge, seconds). */
  public static final String MAX_UNDRAINED_AGE = "health.max_undrained_age_seconds";
  /** Area of HikariCP's own pool metrics: {@code db.writer.pool.Wait}, {@code db.reader.pool.*}. */
  public static final String POOLS = "db";

  private final MetricRegistry registry;
  private final String instance;
  private final List<String> registered = new ArrayList<>();
  private final Counter appends;
  private final Meter commits;
  private final Meter eventsCommitted;
  private final Histogram batchSize;
  private final Timer commitLatency;
  private final Meter failures;
  private final Counter dropped;
  private final Counter retentionPartitions;
  private final Counter retentionRows;

  public SluiceMetrics(MetricRegistry registry, String instance) {
    this.registry = registry;
    this.instance = instance;
    this.appends = add(APPENDS, new Counter());
    this.commits = add(COMMITS, new Meter());
    this.eventsCommitted = add(EVENTS_COMMITTED, new Meter());
    this.batchSize = registry.histogram(reserve(BATCH_SIZE));
    this.commitLatency = add(COMMIT_LATENCY, new Timer());
    this.failures = add(FAILURES, new Meter());
    this.dropped = add(DROPPED, new Counter());
    this.retentionPartitions = add(RETENTION_PARTITIONS, new Counter());
    this.retentionRows = add(RETENTION_ROWS, new Counter());
  }

  /** {@code sluice.<instance>.<metric>}. */
  public static String name(String instance, String metric) {
    return "sluice." + instance + "." + metric;
  }

  /**
   * A HikariCP tracker factory that registers the pool's metrics under {@code
   * sluice.<instance>.db.<role>}. Set it on a pool once ({@code
   * HikariDataSource.setMetricsTrackerFactory}), before or after the pool starts.
   */
  public static MetricsTrackerFactory poolTracker(MetricRegistry registry, String instance, String role) {
    CodahaleMetricsTrackerFactory codahale = new CodahaleMetricsTrackerFactory(registry);
    String prefix = name(instance, POOLS + "." + role);
    return (poolName, stats) -> codahale.create(prefix, stats);
  }

  public MetricRegistry registry() {
    return registry;
  }

  /**
   * Registers the gauges, read from {@code health} at most once a second (a scrape reads several
   * gauges; one health snapshot serves them all).
   */
  public void bindGauges(Supplier<SluiceHealth> health) {
    CachedGauge<SluiceHealth> snapshot =
        new CachedGauge<>(1, TimeUnit.SECONDS) {
          @Override
          protected SluiceHealth loadValue() {
            try {
              return health.get();
            } catch (RuntimeException e) {
              return null; // closed or failing: the gauges read NaN rather than break a scrape
            }
          }
        };
    gauge(BACKLOG, snapshot, h -> h.backlog() < 0 ? Double.NaN : h.backlog());
    gauge(OLDEST_UNDRAINED_SECONDS, snapshot, h -> seconds(h.oldestUndrainedAge()));
    gauge(SPOOL_BYTES, snapshot, SluiceHealth::spoolBytes);
    gauge(BREAKER_STATE, snapshot, h -> breakerCode(h.breakerState()));
    gauge(DRAIN_STATE, snapshot, h -> drainStateCode(h.drainState()));
    gauge(DEAD_LETTERS, snapshot, h -> h.deadLetters() < 0 ? Double.NaN : h.deadLetters());
    gauge(HEALTH_STATUS, snapshot, h -> 3 - h.status().ordinal());
    gauge(SPOOL_DROPPED, snapshot, SluiceHealth::dropped);
  }

  /**
   * Registers the limits the alert rules compare with (budget, free-disk reserve, undrained-age
   * threshold) and the free space of the spool's file system, read at most once a second.
   */
  public void bindLimits(long maxSpoolBytes, long minFreeDiskBytes, Duration maxUndrainedAge, Path spoolDir) {
    add(SPOOL_MAX_BYTES, (Gauge<Long>) () -> maxSpoolBytes);
    add(SPOOL_MIN_FREE_DISK_BYTES, (Gauge<Long>) () -> minFreeDiskBytes);
    add(MAX_UNDRAINED_AGE, (Gauge<Double>) () -> seconds(maxUndrainedAge));
    add(SPOOL_DISK_FREE_BYTES, new CachedGauge<Double>(1, TimeUnit.SECONDS) {
      @Override
      protected Double loadValue() {
        try {
          return (double) Files.getFileStore(spoolDir).getUsableSpace();
        } catch (IOException | RuntimeException e) {
          return Double.NaN; // the spool reports its own I/O errors; a scrape must not break
        }
      }
    });
  }

  /** The append hot path: one LongAdder increment. */
  public void appended() {
    appends.inc();
  }

  @Override
  public void batchCommitted(int events, int deadLettered, long nanos) {
    commits.mark();
    eventsCommitted.mark(events);
    batchSize.update(events + deadLettered);
    commitLatency.update(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void batchFailed(long nanos) {
    failures.mark();
  }

  @Override
  public void dropped(int events) {
    dropped.inc(events);
  }

  public void retentionRemoved(int partitions, long rows) {
    retentionPartitions.inc(partitions);
    retentionRows.inc(rows);
  }

  /** Removes every metric this instance registered (not HikariCP's: the pools remove theirs). */
  @Override
  public synchronized void close() {
    for (String n : registered) {
      registry.remove(n);
    }
    registered.clear();
  }

  private synchronized String reserve(String metric) {
    String full = name(instance, metric);
    if (registry.getMetrics().containsKey(full)) {
      throw new IllegalArgumentException(
          "Metric " + full + " is already registered (expected one Sluice per instanceName on a"
              + " registry). Give each Sluice sharing this registry its own instanceName.");
    }
    registered.add(full);
    return full;
  }

  private <T extends Metric> T add(String metric, T m) {
    return registry.register(reserve(metric), m);
  }

  private void gauge(String metric, CachedGauge<SluiceHealth> snapshot, ToDoubleFunction<SluiceHealth> f) {
    add(metric, (Gauge<Double>) () -> {
      SluiceHealth h = snapshot.getValue();
      return h == null ? Double.NaN : f.applyAsDouble(h);
    });
  }

  private static double seconds(Duration d) {
    return d == null ? Double.NaN : d.toMillis() / 1000.0;
  }

  static int drainStateCode(String state) {
    if (state == null) {
      return -1;
    }
    return switch (state) {
      case "DRAINING" -> 0;
      case "STANDBY" -> 1;
      case "CONNECTING" -> 2;
      case "RETRYING" -> 3;
      case "HALTED_FATAL" -> 4;
      case "STOPPED" -> 5;
      case "CLOSED" -> 6;
      default -> -1;
    };
  }

  static int breakerCode(BreakerState s) {
    if (s == null) {
      return -1;
    }
    return switch (s) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }
}
