package io.sluice.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One snapshot of how a {@link Sluice} is doing: the database side (pools, queries, circuit
 * breaker, errors) and the local side (spool backlog, age, bytes, set-aside events).
 *
 * <h2>How the status is chosen</h2>
 *
 * The first row that matches wins; {@link #reasons()} lists every condition that matched, worst
 * first.
 *
 * <pre>
 * status      when
 * UNHEALTHY   circuit breaker OPEN; or drainer HALTED_FATAL (configuration fault), STOPPED or CLOSED
 * RECOVERING  circuit breaker HALF_OPEN; or drainer RETRYING, or CONNECTING (PostgreSQL not reached
 *             yet since start or since the lease was taken: the reason says so)
 * DEGRADED    a pool's utilization (active / max) &ge; poolExhaustionThreshold (default 0.9, env
 *             POSTGRES_POOL_EXHAUSTION_THRESHOLD); or the oldest undrained event waited longer than
 *             maxUndrainedAge (default 5 min)
 * HEALTHY     otherwise (also in STANDBY, another process owning the spool, and when draining is
 *             disabled)
 * </pre>
 *
 * @param status the overall state
 * @param reasons why, one line per matched condition (empty when healthy)
 * @param checkedAt when this snapshot was taken
 * @param uptime time since this instance started
 * @param writerPool the drainer's connection pool, or {@code null} when draining is disabled
 * @param queryPool the query pool, or {@code null} when no query was run in this process
 * @param totalQueries database operations since start: drainer batches (committed and failed) plus
 *     queries
 * @param failedQueries of those, the ones that failed
 * @param averageQueryTime mean duration of the last 1,000 of those operations; {@link
 *     Duration#ZERO} when none
 * @param breakerState the circuit breaker in front of the drainer's writes, or {@code null} when
 *     draining is disabled
 * @param drainState what the drainer is doing (see {@link SluiceStatus#drainState()})
 * @param lastError the last failure's message (never a password), or {@code null}
 * @param lastErrorAt when it happened, or {@code null}
 * @param recoveryAttempts failed attempts since the last success
 * @param backlog events in the spool not yet committed; -1 when unknown
 * @param oldestUndrainedAge how long the oldest uncommitted event has waited; {@code null} when
 *     unknown
 * @param spoolBytes bytes the spool uses on disk
 * @param deadLetters events set aside in the dead-letter spool, ever; -1 when unknown
 * @param dropped events the spool's {@code DROP_NEWEST} full policy dropped, ever (the drainer
 *     drops none: every event becomes a row or a dead letter)
 * @param unreadable events lost to damaged spool files, ever (see {@link
 *     SluiceStatus#unreadable()})
 */
public record SluiceHealth(
    HealthStatus status,
    List<String> reasons,
    Instant checkedAt,
    Duration uptime,
    PoolUsage writerPool,
    PoolUsage queryPool,
    long totalQueries,
    long failedQueries,
    Duration averageQueryTime,
    BreakerState breakerState,
    String drainState,
    String lastError,
    Instant lastErrorAt,
    long recoveryAttempts,
    long backlog,
    Duration oldestUndrainedAge,
    long spoolBytes,
    long deadLetters,
    long dropped,
    long unreadable) {

  public SluiceHealth {
    reasons = List.copyOf(reasons);
  }

  /**
   * This snapshot as one JSON object on one line, under the original design's names ({@code
   * status}, {@code pool_size}, {@code pool_free}, {@code pool_utilization_pct}, {@code
   * total_queries}, {@code failed_queries}, {@code avg_query_time_ms}, {@code circuit_state},
   * {@code last_error}, {@code last_error_time}, {@code recovery_attempts}, {@code uptime_seconds})
   * and Sluice's own ({@code backlog}, {@code oldest_undrained_ms}, {@code spool_bytes}, {@code
   * dead_letters}, {@code dropped}, ...). The same form {@code sluice health --json} prints; the
   * full key list is in the README.
   */
  public String toJson() {
    return HealthJson.write(this);
  }

  /**
   * Reads the form {@link #toJson()} writes; unknown keys are ignored.
   *
   * @throws IllegalArgumentException if {@code json} is not such an object
   */
  public static SluiceHealth fromJson(String json) {
    return HealthJson.read(json);
  }

  /**
   * One connection pool's use at the moment of the snapshot.
   *
   * @param maxSize the most connections it may open
   * @param active connections in use
   * @param idle connections open and free
   * @param pending threads waiting for a connection
   */
  public record PoolUsage(int maxSize, int active, int idle, int pending) {
    /** Connections that could still be handed out: {@code maxSize - active}. */
    public int free() {
      return Math.max(0, maxSize - active);
    }

    /** {@code active / maxSize} as a percentage, 0 to 100. */
    public double utilizationPercent() {
      return maxSize <= 0 ? 0 : 100.0 * active / maxSize;
    }
  }
}
