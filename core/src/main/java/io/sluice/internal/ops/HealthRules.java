package io.sluice.internal.ops;

import io.sluice.model.BreakerState;
import io.sluice.model.HealthStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Picks the {@link HealthStatus} from a few numbers: a pure function, so every rule is tested
 * without a database. The table is the one in {@link io.sluice.model.SluiceHealth}:
 *
 * <pre>
 * status      when (first match wins)
 * UNHEALTHY   breaker OPEN; drain state HALTED_FATAL, STOPPED or CLOSED
 * RECOVERING  breaker HALF_OPEN; drain state RETRYING or CONNECTING (PostgreSQL not reached yet)
 * DEGRADED    a pool's utilization &ge; poolExhaustionThreshold; oldest undrained age &gt; maxUndrainedAge
 * HEALTHY     otherwise (also STANDBY: another process drains the spool; the undrained-age rule
 *             still catches an owner that does not)
 * </pre>
 *
 * Thread-safe (immutable).
 *
 * @param poolExhaustionThreshold utilization (0..1] at which a pool counts as exhausted
 * @param maxUndrainedAge longest the oldest undrained event may wait
 */
record HealthRules(double poolExhaustionThreshold, Duration maxUndrainedAge) {

  /**
   * What the rules look at.
   *
   * @param drainState the drainer's state name ({@code DRAINING}, {@code RETRYING}, ..., {@code
   *     DISABLED}, {@code UNKNOWN})
   * @param breaker the breaker state, or {@code null} when unknown
   * @param recoveryAttempts failed attempts since the last success
   * @param writerUtilization active / max of the drainer's pool, 0..1 (0 when there is none)
   * @param queryUtilization active / max of the query pool, 0..1 (0 when there is none)
   * @param oldestUndrainedAge age of the oldest uncommitted event, or {@code null} when unknown
   */
  public record Inputs(
      String drainState,
      BreakerState breaker,
      long recoveryAttempts,
      double writerUtilization,
      double queryUtilization,
      Duration oldestUndrainedAge) {}

  /** The status and every matched condition, worst first. */
  public record Verdict(HealthStatus status, List<String> reasons) {}

  public Verdict evaluate(Inputs in) {
    List<String> unhealthy = new ArrayList<>();
    List<String> recovering = new ArrayList<>();
    List<String> degraded = new ArrayList<>();
    String state = in.drainState() == null ? "UNKNOWN" : in.drainState();
    if (in.breaker() == BreakerState.OPEN) {
      unhealthy.add(
          "circuit breaker OPEN: the database failed repeatedly; events stay in the spool");
    }
    switch (state) {
      case "HALTED_FATAL" ->
          unhealthy.add("drainer HALTED_FATAL: a configuration fault stops writes (see lastError)");
      case "STOPPED" ->
          unhealthy.add("drainer STOPPED: it will not resume without a restart (see lastError)");
      case "CLOSED" -> unhealthy.add("drainer CLOSED");
      case "RETRYING" ->
          recovering.add("drainer RETRYING after " + in.recoveryAttempts() + " failed attempt(s)");
      case "CONNECTING" ->
          recovering.add(
              in.recoveryAttempts() > 0
                  ? "drainer CONNECTING after " + in.recoveryAttempts() + " failed attempt(s)"
                  : "drainer CONNECTING: PostgreSQL not reached yet; backlog from the spool");
      default -> {}
    }
    if (in.breaker() == BreakerState.HALF_OPEN) {
      recovering.add("circuit breaker HALF_OPEN: probing the database");
    }
    pool("writer", in.writerUtilization(), degraded);
    pool("query", in.queryUtilization(), degraded);
    Duration age = in.oldestUndrainedAge();
    if (age != null && age.compareTo(maxUndrainedAge) > 0) {
      degraded.add(
          "oldest undrained event waited "
              + age.toSeconds()
              + " s (limit "
              + maxUndrainedAge.toSeconds()
              + " s)");
    }
    List<String> reasons = new ArrayList<>(unhealthy);
    reasons.addAll(recovering);
    reasons.addAll(degraded);
    HealthStatus status =
        !unhealthy.isEmpty()
            ? HealthStatus.UNHEALTHY
            : !recovering.isEmpty()
                ? HealthStatus.RECOVERING
                : !degraded.isEmpty() ? HealthStatus.DEGRADED : HealthStatus.HEALTHY;
    return new Verdict(status, reasons);
  }

  private void pool(String name, double utilization, List<String> degraded) {
    if (utilization >= poolExhaustionThreshold) {
      degraded.add(
          String.format(
              Locale.ROOT,
              "%s pool %.0f%% used (threshold %.0f%%)",
              name,
              utilization * 100,
              poolExhaustionThreshold * 100));
    }
  }
}
