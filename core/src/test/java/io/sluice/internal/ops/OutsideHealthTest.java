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
    return new SluiceStatus("s-1", Path.of("/spool"), committed + backlog, committed, 0, 0, 0,
        committed - 1, backlog, oldest, committed + backlog, 4096, "UNKNOWN", null, error);
  }

  private static StatusFile.Snapshot published(String drain, BreakerState breaker, Instant at) {
    return new StatusFile.Snapshot(ME, "app", at, drain, breaker == null ? null : breaker.name(),
        "boom", 9, 10, 0, 4096, 1 << 30, 1 << 20);
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
    SluiceHealth h = check(status(10, 5, Duration.ofSeconds(1), null),
        published("RETRYING", BreakerState.OPEN, NOW.minusSeconds(1)));
    assertEquals(HealthStatus.UNHEALTHY, h.status(), h::toString);
    assertEquals(BreakerState.OPEN, h.breakerState());
    assertEquals("boom", h.lastError());
  }

  @Test
  void of_liveDrainerHalfOpen_isRecovering() {
    SluiceHealth h = check(status(10, 5, Duration.ofSeconds(1), null),
        published("DRAINING", BreakerState.HALF_OPEN, NOW.minusSeconds(1)));
    assertEquals(HealthStatus.RECOVERING, h.status(), h::toString);
  }

  @Test
  void of_backlogWithoutLiveDrainer_isDegraded() {
    SluiceHealth h = check(status(10, 5, Duration.ofSeconds(1), null),
        published("DISABLED", null, NOW.minusSeconds(1)), // a writer-only process does not drain
        published("DRAINING", BreakerState.CLOSED, NOW.minus(Duration.ofMinutes(5)))); // stale
    assertEquals(HealthStatus.DEGRADED, h.status(), h::toString);
    assertTrue(h.reasons().get(0).contains("no live process drains it"), h::toString);
  }

  @Test
  void of_liveDrainerButOldestEventTooOld_isDegraded() {
    SluiceHealth h = check(status(10, 5, Duration.ofMinutes(6), null),
        published("DRAINING", BreakerState.CLOSED, NOW.minusSeconds(1)));
    assertEquals(HealthStatus.DEGRADED, h.status(), h::toString);
    assertEquals(1, h.reasons().size(), h::toString);
  }

  @Test
  void of_liveDrainerKeepingUp_isHealthy() {
    SluiceHealth h = check(status(10, 5, Duration.ofSeconds(1), null),
        published("DRAINING", BreakerState.CLOSED, NOW.minusSeconds(1)));
    assertEquals(HealthStatus.HEALTHY, h.status(), h::toString);
    assertEquals("DRAINING", h.drainState());
  }

  @Test
  void of_ownerAndAStandbyBesideIt_theOwnerSpeaksForTheSpool() {
    SluiceHealth h = check(status(10, 5, Duration.ofSeconds(1), null),
        published("RETRYING", BreakerState.HALF_OPEN, NOW.minusSeconds(2)),
        published("STANDBY", BreakerState.CLOSED, NOW.minusMillis(100))); // fresher, not the owner
    assertEquals(HealthStatus.RECOVERING, h.status(), h::toString);
    assertEquals("RETRYING", h.drainState());
  }
}
