package io.sluice.internal.ops;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.sluice.internal.drain.DrainProgress;
import io.sluice.model.BreakerState;
import io.sluice.model.SluiceHealth;
import io.sluice.model.SluiceHealth.PoolUsage;
import io.sluice.model.SluiceStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Assembles a {@link SluiceHealth} from what each part knows: the status (spool, checkpoint), the
 * drainer's progress, the pools, and the operation counters; {@link HealthRules} picks the status.
 * Reads only in-memory state and the spool: never the database. Thread-safe.
 */
final class HealthProbe {
  private HealthProbe() {}

  /**
   * Everything a snapshot is made of; any of the optional parts may be {@code null}.
   *
   * @param status the spool status (required)
   * @param progress the drainer's progress, or {@code null} when draining is disabled
   * @param writerPool the drainer's pool, or {@code null}
   * @param queryPool the query pool's usage, or {@code null} when none is open
   * @param queryCount queries run so far
   * @param queryFailures queries failed so far
   * @param latencies durations of the last operations (batches and queries)
   * @param startedAt when the instance started
   */
  public record Parts(
      SluiceStatus status,
      DrainProgress progress,
      HikariDataSource writerPool,
      PoolUsage queryPool,
      long queryCount,
      long queryFailures,
      LatencyWindow latencies,
      Instant startedAt) {}

  public static SluiceHealth of(Parts p, HealthRules rules, Clock clock) {
    Instant now = Instant.now(clock);
    SluiceStatus s = p.status();
    DrainProgress d = p.progress();
    PoolUsage writer = usage(p.writerPool());
    BreakerState breaker = d == null ? s.breakerState() : d.breakerState();
    long recovery = d == null ? 0 : d.recoveryAttempts();
    HealthRules.Verdict v =
        rules.evaluate(
            new HealthRules.Inputs(
                s.drainState(),
                breaker,
                recovery,
                utilization(writer),
                utilization(p.queryPool()),
                s.oldestPendingAge()));
    long batches = d == null ? 0 : d.batches() + d.failures();
    long failed = d == null ? 0 : d.failures();
    return new SluiceHealth(
        v.status(),
        v.reasons(),
        now,
        nonNegative(Duration.between(p.startedAt(), now)),
        writer,
        p.queryPool(),
        batches + p.queryCount(),
        failed + p.queryFailures(),
        p.latencies().average(),
        breaker,
        s.drainState(),
        d == null ? s.lastError() : d.lastError(),
        d == null ? null : d.lastErrorAt(),
        recovery,
        s.backlog(),
        s.oldestPendingAge(),
        s.usedBytes(),
        s.deadLettered(),
        Math.max(0, s.dropped()),
        s.unreadable());
  }

  /** The pool's current use, or {@code null} when there is no pool or it is closed. */
  public static PoolUsage usage(HikariDataSource ds) {
    if (ds == null || ds.isClosed()) {
      return null;
    }
    HikariPoolMXBean mx = ds.getHikariPoolMXBean();
    if (mx == null) {
      return new PoolUsage(ds.getMaximumPoolSize(), 0, 0, 0);
    }
    return new PoolUsage(
        ds.getMaximumPoolSize(),
        mx.getActiveConnections(),
        mx.getIdleConnections(),
        mx.getThreadsAwaitingConnection());
  }

  static double utilization(PoolUsage u) {
    return u == null ? 0 : u.utilizationPercent() / 100.0;
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
