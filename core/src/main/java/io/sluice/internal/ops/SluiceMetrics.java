package io.sluice.internal.ops;

import static io.sluice.model.MetricNames.APPENDS;
import static io.sluice.model.MetricNames.BACKLOG;
import static io.sluice.model.MetricNames.BATCH_SIZE;
import static io.sluice.model.MetricNames.BREAKER_STATE;
import static io.sluice.model.MetricNames.COMMITS;
import static io.sluice.model.MetricNames.COMMIT_LATENCY;
import static io.sluice.model.MetricNames.DEAD_LETTERS;
import static io.sluice.model.MetricNames.DRAIN_STATE;
import static io.sluice.model.MetricNames.DROPPED;
import static io.sluice.model.MetricNames.EVENTS_COMMITTED;
import static io.sluice.model.MetricNames.FAILURES;
import static io.sluice.model.MetricNames.HEALTH_STATUS;
import static io.sluice.model.MetricNames.LOST;
import static io.sluice.model.MetricNames.MAX_UNDRAINED_AGE;
import static io.sluice.model.MetricNames.OLDEST_UNDRAINED_SECONDS;
import static io.sluice.model.MetricNames.POOLS;
import static io.sluice.model.MetricNames.REDRAINED_AFTER_ROLLBACK;
import static io.sluice.model.MetricNames.RETENTION_PARTITIONS;
import static io.sluice.model.MetricNames.RETENTION_ROWS;
import static io.sluice.model.MetricNames.SPOOL_BYTES;
import static io.sluice.model.MetricNames.SPOOL_DISK_FREE_BYTES;
import static io.sluice.model.MetricNames.SPOOL_DROPPED;
import static io.sluice.model.MetricNames.SPOOL_MAX_BYTES;
import static io.sluice.model.MetricNames.SPOOL_MIN_FREE_DISK_BYTES;
import static io.sluice.model.MetricNames.UNREADABLE;
import static io.sluice.model.MetricNames.name;

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
import io.sluice.internal.drain.DrainObserver;
import io.sluice.model.BreakerState;
import io.sluice.model.MetricNames;
import io.sluice.model.SluiceHealth;
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
 * Every metric Sluice publishes (named in {@link MetricNames}): {@code
 * sluice.<instance>.<area>.<name>} on one Dropwizard {@link MetricRegistry} (the host
 * application's, or Sluice's own). Registered by the constructor and {@link #bindGauges}, removed
 * by {@link #close()}. HikariCP registers its own pool metrics under {@code
 * sluice.<instance>.db.<writer|reader>.pool.*} ({@link #poolTracker}) and removes them when the
 * pool closes.
 *
 * <p>The append path pays for one {@link Counter#inc()} (a LongAdder increment). Thread-safe.
 */
public final class SluiceMetrics implements DrainObserver, AutoCloseable {
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

  /**
   * A HikariCP tracker factory that registers the pool's metrics under {@code
   * sluice.<instance>.db.<role>}. Set it on a pool once ({@code
   * HikariDataSource.setMetricsTrackerFactory}), before or after the pool starts.
   */
  public static MetricsTrackerFactory poolTracker(
      MetricRegistry registry, String instance, String role) {
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
    gauge(UNREADABLE, snapshot, SluiceHealth::unreadable);
    gauge(BREAKER_STATE, snapshot, h -> breakerCode(h.breakerState()));
    gauge(DRAIN_STATE, snapshot, h -> drainStateCode(h.drainState()));
    gauge(DEAD_LETTERS, snapshot, h -> h.deadLetters() < 0 ? Double.NaN : h.deadLetters());
    gauge(HEALTH_STATUS, snapshot, h -> 3 - h.status().ordinal());
    gauge(SPOOL_DROPPED, snapshot, SluiceHealth::dropped);
  }

  /** Registers the failover gauges: events re-drained after a rollback (since start) and lost. */
  public void bindFailover(
      java.util.function.LongSupplier redrained, java.util.function.LongSupplier lost) {
    add(REDRAINED_AFTER_ROLLBACK, (Gauge<Long>) redrained::getAsLong);
    add(LOST, (Gauge<Long>) lost::getAsLong);
  }

  /**
   * Registers the limits the alert rules compare with (budget, free-disk reserve, undrained-age
   * threshold) and the free space of the spool's file system, read at most once a second.
   */
  public void bindLimits(
      long maxSpoolBytes, long minFreeDiskBytes, Duration maxUndrainedAge, Path spoolDir) {
    add(SPOOL_MAX_BYTES, (Gauge<Long>) () -> maxSpoolBytes);
    add(SPOOL_MIN_FREE_DISK_BYTES, (Gauge<Long>) () -> minFreeDiskBytes);
    add(MAX_UNDRAINED_AGE, (Gauge<Double>) () -> seconds(maxUndrainedAge));
    add(
        SPOOL_DISK_FREE_BYTES,
        new CachedGauge<Double>(1, TimeUnit.SECONDS) {
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

  /** Events {@code append} dropped under the {@code DROP_NEWEST} full policy. */
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
          "Metric "
              + full
              + " is already registered (expected one Sluice per instanceName on a"
              + " registry). Give each Sluice sharing this registry its own instanceName.");
    }
    registered.add(full);
    return full;
  }

  private <T extends Metric> T add(String metric, T m) {
    return registry.register(reserve(metric), m);
  }

  private void gauge(
      String metric, CachedGauge<SluiceHealth> snapshot, ToDoubleFunction<SluiceHealth> f) {
    add(
        metric,
        (Gauge<Double>)
            () -> {
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
