package io.sluice.internal.ops;

import io.sluice.model.BreakerState;
import io.sluice.model.HealthStatus;
import io.sluice.model.OperationsConfig;
import io.sluice.model.SluiceHealth;
import io.sluice.model.SluiceStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The health of a spool seen from another process (the {@code sluice health} command), which has no
 * drainer of its own: it reads the spool, the checkpoint in PostgreSQL, and the status file a
 * running Sluice publishes ({@link StatusFile}). A pure function of those, so every rule is tested
 * without processes.
 *
 * <pre>
 * status      when (worst wins)
 * UNHEALTHY   the checkpoint cannot be read from PostgreSQL (unreachable, bad credentials, ...);
 *             or a live drainer's status file says breaker OPEN, HALTED_FATAL or STOPPED
 * RECOVERING  a live drainer's status file says breaker HALF_OPEN or RETRYING
 * DEGRADED    oldest undrained event older than maxUndrainedAge; or events wait in the spool and
 *             no live process drains it (no fresh status file of a draining process)
 * HEALTHY     otherwise
 * </pre>
 *
 * The drainer rules are {@link HealthRules}'; a status file counts while it is younger than {@link
 * StatusPublisher#MAX_AGE} and its process runs. Pool use, query counts and times, uptime, recovery
 * attempts and the last error's time come from the health the live drainer publishes in its file
 * (and feed the pool and recovery rules); without one they are {@code null} or zero. Stateless and
 * thread-safe.
 */
public final class OutsideHealth {
  private OutsideHealth() {}

  /**
   * @param status the spool and checkpoint as {@link io.sluice.Sluice#inspect} read them
   * @param published every status file of the spool folder, live or stale
   */
  public static SluiceHealth of(
      SluiceStatus status, List<StatusFile.Snapshot> published, OperationsConfig ops, Clock clock) {
    Instant now = Instant.now(clock);
    StatusFile.Snapshot drainer =
        published.stream()
            .filter(s -> s.drains() && s.isLive(now, StatusPublisher.MAX_AGE))
            // the owner speaks for the spool, not a standby beside it
            .max(
                Comparator.comparing((StatusFile.Snapshot s) -> !"STANDBY".equals(s.drainState()))
                    .thenComparing(StatusFile.Snapshot::updatedAt))
            .orElse(null);
    String drainState = drainer == null ? "UNKNOWN" : drainer.drainState();
    BreakerState breaker = drainer == null ? null : breaker(drainer.breakerState());
    SluiceHealth inside = drainer == null ? null : drainer.health();
    HealthRules.Verdict verdict =
        new HealthRules(ops.poolExhaustionThreshold(), ops.maxUndrainedAge())
            .evaluate(
                new HealthRules.Inputs(
                    drainState,
                    breaker,
                    inside == null ? 0 : inside.recoveryAttempts(),
                    inside == null ? 0 : HealthProbe.utilization(inside.writerPool()),
                    inside == null ? 0 : HealthProbe.utilization(inside.queryPool()),
                    status.oldestPendingAge()));

    List<String> reasons = new ArrayList<>();
    HealthStatus worst = verdict.status();
    boolean databaseUnreadable = status.committed() < 0;
    if (databaseUnreadable) {
      reasons.add("PostgreSQL cannot be read from here: " + status.lastError());
      worst = HealthStatus.UNHEALTHY;
    }
    reasons.addAll(verdict.reasons());
    if (drainer == null && status.backlog() > 0) {
      reasons.add(
          status.backlog()
              + " event(s) wait in the spool and no live process drains it"
              + " (no fresh status file of a draining process in "
              + status.spoolDirectory()
              + ")");
      worst = worse(worst, HealthStatus.DEGRADED);
    }
    String lastError =
        databaseUnreadable || drainer == null ? status.lastError() : drainer.lastError();
    return new SluiceHealth(
        worst,
        reasons,
        now,
        inside == null ? Duration.ZERO : inside.uptime(),
        inside == null ? null : inside.writerPool(),
        inside == null ? null : inside.queryPool(),
        inside == null ? 0 : inside.totalQueries(),
        inside == null ? 0 : inside.failedQueries(),
        inside == null ? Duration.ZERO : inside.averageQueryTime(),
        breaker,
        drainState,
        lastError,
        inside == null || databaseUnreadable ? null : inside.lastErrorAt(),
        inside == null ? 0 : inside.recoveryAttempts(),
        status.backlog(),
        status.oldestPendingAge(),
        status.usedBytes(),
        status.deadLettered(),
        Math.max(0, status.dropped()),
        status.unreadable());
  }

  private static HealthStatus worse(HealthStatus a, HealthStatus b) {
    return a.ordinal() <= b.ordinal() ? a : b; // the enum is declared worst first
  }

  private static BreakerState breaker(String name) {
    if (name == null) {
      return null;
    }
    try {
      return BreakerState.valueOf(name);
    } catch (IllegalArgumentException e) {
      return null; // written by a newer version: the status file is advisory
    }
  }
}
