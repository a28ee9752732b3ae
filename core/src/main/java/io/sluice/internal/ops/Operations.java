package io.sluice.internal.ops;

import com.codahale.metrics.MetricRegistry;
import com.zaxxer.hikari.HikariDataSource;
import io.sluice.internal.drain.DrainObserver;
import io.sluice.internal.drain.DrainProgress;
import io.sluice.internal.drain.RetentionPolicy;
import io.sluice.model.OperationsConfig;
import io.sluice.model.RetentionReport;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceHealth;
import io.sluice.model.SluiceHealth.PoolUsage;
import io.sluice.model.SluiceStatus;
import io.sluice.query.SluiceQueries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one {@link io.sluice.Sluice} does besides moving events: metrics, health (and its
 * loop), retention (scheduled and on demand), the query pool and the Prometheus endpoint.
 *
 * <h2>Life cycle</h2>
 *
 * {@link #create} registers the metrics (and HikariCP's on the writer pool); the drainer is then
 * built with this as its {@link DrainObserver}; {@link #start} binds the gauges to the drainer's
 * progress and starts the health loop, the retention schedule and the endpoint; {@link #close}
 * stops them and removes every metric. The loops run on the host application's scheduler, or on one
 * daemon thread of Sluice's own.
 *
 * <p>Thread-safe. {@link #appended()} is the append hot path: one counter increment.
 */
public final class Operations implements DrainObserver, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Operations.class);
  static final Duration FIRST_RETENTION_DELAY = Duration.ofMinutes(1);
  static final Duration RETENTION_RETRY = Duration.ofMinutes(10);

  private final SluiceConfig config;
  private final OperationsConfig ops;
  private final Clock clock;
  private final Instant startedAt;
  private final SluiceMetrics metrics;
  private final HealthRules rules;
  private final RetentionPolicy policy;
  private final HikariDataSource writer;
  private final RetentionJob retention;
  private final LatencyWindow latencies = new LatencyWindow();
  private final LongAdder queries = new LongAdder();
  private final LongAdder queryFailures = new LongAdder();
  private final List<Future<?>> tasks = new ArrayList<>();
  private ScheduledExecutorService scheduler;
  private boolean ownScheduler;
  private MetricsEndpoint endpoint;
  private SluiceQueries queryPool;
  private volatile DrainProgress progress;
  private volatile Supplier<SluiceStatus> status;
  private volatile boolean closed;

  private Operations(SluiceConfig config, OperationsConfig ops, HikariDataSource writer) {
    this.config = config;
    this.ops = ops;
    this.clock = config.clock();
    this.startedAt = Instant.now(clock);
    MetricRegistry registry =
        ops.metricRegistry() != null ? ops.metricRegistry() : new MetricRegistry();
    this.metrics = new SluiceMetrics(registry, config.instanceName());
    this.rules = new HealthRules(ops.poolExhaustionThreshold(), ops.maxUndrainedAge());
    this.policy = new RetentionPolicy(ops);
    this.writer = writer;
    this.retention =
        writer == null
            ? null
            : new RetentionJob(
                Jdbi.create(writer),
                policy,
                clock,
                config.instanceName(),
                config.partitionDaysAhead(),
                metrics);
  }

  /**
   * Registers the metrics; publishes the writer pool's HikariCP metrics on the same registry
   * (allowed once per pool, also after it started).
   *
   * @param writer the drainer's pool, or {@code null} when draining is disabled
   */
  public static Operations create(
      SluiceConfig config, OperationsConfig ops, HikariDataSource writer) {
    Operations o = new Operations(config, ops, writer);
    if (writer != null) {
      writer.setMetricsTrackerFactory(
          SluiceMetrics.poolTracker(o.metrics.registry(), config.instanceName(), "writer"));
    }
    return o;
  }

  /**
   * Binds health and gauges to the drainer and starts the loops and the endpoint.
   *
   * @param progress the drainer's progress, or {@code null} when draining is disabled
   * @param status where the spool stands (e.g. {@code sluice::status})
   */
  public synchronized void start(DrainProgress progress, Supplier<SluiceStatus> status) {
    this.progress = progress;
    this.status = status;
    metrics.bindGauges(this::health);
    if (progress != null) {
      metrics.bindFailover(progress::redrainedAfterRollback, progress::lostEvents);
    }
    metrics.bindLimits(
        config.spool().maxSpoolBytes(),
        config.spool().minFreeDiskBytes(),
        ops.maxUndrainedAge(),
        config.spoolDirectory());
    if (ops.scheduler() != null) {
      scheduler = ops.scheduler();
    } else {
      ownScheduler = true;
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, config.instanceName() + "-operations");
                t.setDaemon(true);
                return t;
              });
    }
    tasks.add(
        new HealthMonitor(config.instanceName(), this::health)
            .schedule(scheduler, ops.healthCheckInterval()));
    if (retention != null && ops.retentionEnabled()) {
      scheduleRetention(FIRST_RETENTION_DELAY);
    }
    if (ops.prometheusEnabled()) {
      endpoint =
          MetricsEndpoint.start(
              metrics.registry(),
              config.instanceName(),
              status.get().spoolId(),
              ops.prometheusHost(),
              ops.prometheusPort());
      log.info(
          "{}: Prometheus metrics on http://{}:{}/metrics",
          config.instanceName(),
          ops.prometheusHost(),
          endpoint.port());
    }
  }

  private synchronized void scheduleRetention(Duration delay) {
    if (closed) {
      return;
    }
    tasks.removeIf(Future::isDone);
    tasks.add(
        scheduler.schedule(
            () -> {
              Duration next = ops.retentionInterval();
              try {
                if (!retention.run(false).errors().isEmpty()) {
                  next = RETENTION_RETRY.compareTo(next) < 0 ? RETENTION_RETRY : next;
                }
              } catch (RuntimeException e) {
                log.warn("{}: scheduled retention failed: {}", config.instanceName(), e.toString());
              }
              scheduleRetention(next);
            },
            delay.toMillis(),
            TimeUnit.MILLISECONDS));
  }

  /** The append hot path. */
  public void appended() {
    metrics.appended();
  }

  @Override
  public void batchCommitted(int events, int deadLettered, long nanos) {
    metrics.batchCommitted(events, deadLettered, nanos);
    latencies.record(nanos);
  }

  @Override
  public void batchFailed(long nanos) {
    metrics.batchFailed(nanos);
    latencies.record(nanos);
  }

  /**
   * {@code append} dropped an event under the {@code DROP_NEWEST} full policy (the spool counts it
   * too, durably): counted in the {@code drain.dropped} metric.
   */
  public void dropped() {
    metrics.dropped(1);
  }

  /** A snapshot; reads memory and the spool only. */
  public SluiceHealth health() {
    Supplier<SluiceStatus> s = status;
    if (s == null) {
      throw new IllegalStateException("health() before start(): call Operations.start first");
    }
    SluiceQueries q;
    synchronized (this) {
      q = queryPool;
    }
    PoolUsage queryUsage = q == null ? null : q.poolUsage();
    return HealthProbe.of(
        new HealthProbe.Parts(
            s.get(),
            progress,
            writer,
            queryUsage,
            queries.sum(),
            queryFailures.sum(),
            latencies,
            startedAt),
        rules,
        clock);
  }

  /**
   * Runs retention now.
   *
   * @throws IllegalStateException when this process does not drain (it has no writer pool)
   */
  public RetentionReport applyRetention(boolean dryRun) {
    if (retention == null) {
      throw new IllegalStateException(
          config.instanceName()
              + " does not drain (drainEnabled is"
              + " false), so it has no database pool for retention. Apply retention in the process that"
              + " drains, or with `sluice retention apply`.");
    }
    return retention.run(dryRun);
  }

  public RetentionPolicy retentionPolicy() {
    return policy;
  }

  /** The query API on its own read pool, opened on first use and closed with this. */
  public synchronized SluiceQueries queries() {
    if (closed) {
      throw new IllegalStateException(config.instanceName() + " is closed");
    }
    if (queryPool == null) {
      queryPool =
          SluiceQueries.builder(config.database())
              .instanceName(config.instanceName())
              .maxConnections(ops.queryPoolSize())
              .statementTimeout(ops.queryTimeout())
              .metricRegistry(metrics.registry())
              .listener(
                  (kind, nanos, failed) -> {
                    queries.increment();
                    if (failed) {
                      queryFailures.increment();
                    }
                    latencies.record(nanos);
                  })
              .open();
    }
    return queryPool;
  }

  public MetricRegistry registry() {
    return metrics.registry();
  }

  /** The Prometheus endpoint's port, or -1 when it is off. */
  public synchronized int prometheusPort() {
    return endpoint == null ? -1 : endpoint.port();
  }

  /** Stops the loops and the endpoint, closes the query pool, removes the metrics. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    tasks.forEach(t -> t.cancel(false));
    if (ownScheduler && scheduler != null) {
      scheduler.shutdownNow();
    }
    try {
      if (endpoint != null) {
        endpoint.close();
      }
      if (queryPool != null) {
        queryPool.close();
      }
    } finally {
      metrics.close();
    }
  }
}
