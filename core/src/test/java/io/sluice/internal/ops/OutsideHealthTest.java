package io.sluice.internal.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.model.BreakerState;
import io.sluice.model.HealthStatus;
import io.sluice.model.OperationsConfig;
import io.sluice.model.SluiceHealth;
import io.sluice.model.SluiceStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule of {@link OutsideHealth}, on made-up spool states and status files. */
class OutsideHealthTest {
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final OperationsConfig OPS = OperationsConfig.defaults();
  private static final long ME = ProcessHandle.current().pid();

  private static SluiceStatus status(long committed, long backlog, Duration oldest, String error) {
    return new SluiceStatus(
        "s-1",
        Path.of("/spool"),
        committed + backlog,
        committed,
        0,
        0,
        0,
        0,
        -1,
        committed - 1,
        backlog,
        oldest,
        committed + backlog,
        4096,
        "UNKNOWN",
        null,
        error);
  }

  private static StatusFile.Snapshot published(String drain, BreakerState breaker, Instant at) {
    return new StatusFile.Snapshot(
        ME,
        "app",
        at,
        drain,
        breaker == null ? null : breaker.name(),
        "boom",
        9,
        10,
        0,
        4096,
        1 << 30,
        1 << 20,
        10,
        null);
  }

  private static SluiceHealth check(SluiceStatus s, StatusFile.Snapshot... files) {
    return OutsideHealth.of(s, List.of(files), OPS, CLOCK);
  }

  @Test
  void of_emptyBacklogAndReadableDatabase_isHealthy() {
    SluiceHealth h = check(status(10, 0, Duration.ZERO, null));
    assertEquals(HealthStatus.HEALTHY, h.status(), h::toString);
    assertEquals(List.of(), h.reasons());
  }

  @Test
  void of_databaseUnreadable_isUnhealthyAndSaysWhy() {
    SluiceHealth h = check(status(-1, -1, null, "Cannot read the checkpoint: SQLSTATE 08001"));
    assertEquals(HealthStatus.UNHEALTHY, h.status());
    assertTrue(h.reasons().get(0).contains("SQLSTATE 08001"), h::toString);
  }

  @Test
  void of_liveDrainerWithBreakerOpen_isUnhealthy() {
    SluiceHealth h =
        check(
            status(10, 5, Duration.ofSeconds(1), null),
            published("RETRYING", BreakerState.OPEN, NOW.minusSeconds(1)));
    assertEquals(HealthStatus.UNHEALTHY, h.status(), h::toString);
    assertEquals(BreakerState.OPEN, h.breakerState());
    assertEquals("boom", h.lastError());
  }

  @Test
  void of_liveDrainerHalfOpen_isRecovering() {
    SluiceHealth h =
        check(
            status(10, 5, Duration.ofSeconds(1), null),
            published("DRAINING", BreakerState.HALF_OPEN, NOW.minusSeconds(1)));
    assertEquals(HealthStatus.RECOVERING, h.status(), h::toString);
  }

  @Test
  void of_backlogWithoutLiveDrainer_isDegraded() {
    SluiceHealth h =
        check(
            status(10, 5, Duration.ofSeconds(1), null),
            published(
                "DISABLED", null, NOW.minusSeconds(1)), // a writer-only process does not drain
            published("DRAINING", BreakerState.CLOSED, NOW.minus(Duration.ofMinutes(5)))); // stale
    assertEquals(HealthStatus.DEGRADED, h.status(), h::toString);
    assertTrue(h.reasons().get(0).contains("no live process drains it"), h::toString);
  }

  @Test
  void of_liveDrainerButOldestEventTooOld_isDegraded() {
    SluiceHealth h =
        check(
            status(10, 5, Duration.ofMinutes(6), null),
            published("DRAINING", BreakerState.CLOSED, NOW.minusSeconds(1)));
    assertEquals(HealthStatus.DEGRADED, h.status(), h::toString);
    assertEquals(1, h.reasons().size(), h::toString);
  }

  /** What only the running process knows, as it publishes it in its status file. */
  static SluiceHealth liveHealth(Instant at) {
    return new SluiceHealth(
        HealthStatus.RECOVERING,
        List.of("drainer RETRYING after 2 failed attempt(s)"),
        at,
        Duration.ofSeconds(3600),
        new SluiceHealth.PoolUsage(4, 3, 1, 0),
        new SluiceHealth.PoolUsage(2, 2, 0, 1),
        120,
        7,
        Duration.ofNanos(2_500_000),
        BreakerState.CLOSED,
        "RETRYING",
        "SQLSTATE 08001 refused",
        at.minusSeconds(5),
        2,
        10,
        Duration.ofSeconds(4),
        4096,
        1,
        0,
        0);
  }

  @Test
  void of_liveDrainerPublishingItsHealth_carriesPoolsQueriesUptimeAndAppliesTheirRules() {
    StatusFile.Snapshot file =
        new StatusFile.Snapshot(
            ME,
            "app",
            NOW.minusSeconds(1),
            "RETRYING",
            "CLOSED",
            "SQLSTATE 08001 refused",
            9,
            10,
            0,
            4096,
            1 << 30,
            1 << 20,
            10,
            liveHealth(NOW.minusSeconds(1)));
    SluiceHealth h = check(status(10, 5, Duration.ofSeconds(1), null), file);
    assertEquals(HealthStatus.RECOVERING, h.status(), h::toString);
    assertEquals(new SluiceHealth.PoolUsage(4, 3, 1, 0), h.writerPool());
    assertEquals(new SluiceHealth.PoolUsage(2, 2, 0, 1), h.queryPool());
    assertTrue(h.reasons().contains("query pool 100% used (threshold 90%)"), h::toString);
    assertTrue(h.reasons().get(0).contains("after 2 failed attempt(s)"), h::toString);
    assertEquals(120, h.totalQueries());
    assertEquals(7, h.failedQueries());
    assertEquals(Duration.ofNanos(2_500_000), h.averageQueryTime());
    assertEquals(Duration.ofSeconds(3600), h.uptime());
    assertEquals(2, h.recoveryAttempts());
    assertEquals(NOW.minusSeconds(6), h.lastErrorAt());
    assertEquals(5, h.backlog(), "the backlog is read here, not taken from the file");
  }

  @Test
  void of_liveDrainerKeepingUp_isHealthy() {
    SluiceHealth h =
        check(
            status(10, 5, Duration.ofSeconds(1), null),
            published("DRAINING", BreakerState.CLOSED, NOW.minusSeconds(1)));
    assertEquals(HealthStatus.HEALTHY, h.status(), h::toString);
    assertEquals("DRAINING", h.drainState());
  }

  @Test
  void of_ownerAndAStandbyBesideIt_theOwnerSpeaksForTheSpool() {
    SluiceHealth h =
        check(
            status(10, 5, Duration.ofSeconds(1), null),
            published("RETRYING", BreakerState.HALF_OPEN, NOW.minusSeconds(2)),
            published(
                "STANDBY", BreakerState.CLOSED, NOW.minusMillis(100))); // fresher, not the owner
    assertEquals(HealthStatus.RECOVERING, h.status(), h::toString);
    assertEquals("RETRYING", h.drainState());
  }
}
