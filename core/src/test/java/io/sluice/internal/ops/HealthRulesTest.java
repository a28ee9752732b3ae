package io.sluice.internal.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.model.BreakerState;
import io.sluice.model.HealthStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each row of the status table, from synthetic inputs. */
class HealthRulesTest {
  private final HealthRules rules = new HealthRules(0.9, Duration.ofMinutes(5));

  private static HealthRules.Inputs draining() {
    return new HealthRules.Inputs("DRAINING", BreakerState.CLOSED, 0, 0.25, 0, Duration.ZERO);
  }

  private HealthRules.Verdict eval(
      String state,
      BreakerState breaker,
      long attempts,
      double writer,
      double query,
      Duration age) {
    return rules.evaluate(new HealthRules.Inputs(state, breaker, attempts, writer, query, age));
  }

  @Test
  void drainingWithin_allLimits_isHealthy() {
    HealthRules.Verdict v = rules.evaluate(draining());
    assertEquals(HealthStatus.HEALTHY, v.status());
    assertTrue(v.reasons().isEmpty());
    assertEquals(HealthStatus.HEALTHY, eval("DISABLED", null, 0, 0, 0, Duration.ZERO).status());
  }

  @Test
  void connecting_beforeFirstContact_isRecoveringWithTheReason() {
    HealthRules.Verdict v = eval("CONNECTING", BreakerState.CLOSED, 0, 0, 0, null);
    assertEquals(HealthStatus.RECOVERING, v.status());
    assertTrue(v.reasons().get(0).contains("PostgreSQL not reached yet"), v.reasons().toString());
  }

  @Test
  void standby_anotherProcessDrains_isHealthyUnlessEventsWaitTooLong() {
    assertEquals(
        HealthStatus.HEALTHY,
        eval("STANDBY", BreakerState.CLOSED, 0, 0, 0, Duration.ZERO).status());
    assertEquals(
        HealthStatus.DEGRADED,
        eval("STANDBY", BreakerState.CLOSED, 0, 0, 0, Duration.ofHours(1)).status());
  }

  @Test
  void breakerOpen_isUnhealthy() {
    HealthRules.Verdict v = eval("RETRYING", BreakerState.OPEN, 7, 0, 0, Duration.ZERO);
    assertEquals(HealthStatus.UNHEALTHY, v.status());
    assertTrue(v.reasons().get(0).contains("OPEN"), v.reasons().toString());
  }

  @Test
  void haltedFatalStoppedOrClosed_isUnhealthy() {
    for (String state : new String[] {"HALTED_FATAL", "STOPPED", "CLOSED"}) {
      HealthRules.Verdict v = eval(state, BreakerState.CLOSED, 1, 0, 0, Duration.ZERO);
      assertEquals(HealthStatus.UNHEALTHY, v.status(), state);
      assertTrue(v.reasons().get(0).contains(state), v.reasons().toString());
    }
  }

  @Test
  void breakerHalfOpen_isRecovering() {
    assertEquals(
        HealthStatus.RECOVERING,
        eval("DRAINING", BreakerState.HALF_OPEN, 0, 0, 0, Duration.ZERO).status());
  }

  @Test
  void retryingOrReconnecting_afterFailures_isRecovering() {
    assertEquals(
        HealthStatus.RECOVERING,
        eval("RETRYING", BreakerState.CLOSED, 2, 0, 0, Duration.ZERO).status());
    assertEquals(
        HealthStatus.RECOVERING,
        eval("CONNECTING", BreakerState.CLOSED, 1, 0, 0, Duration.ZERO).status());
  }

  @Test
  void poolAtThreshold_isDegraded() {
    HealthRules.Verdict writer = eval("DRAINING", BreakerState.CLOSED, 0, 0.9, 0, Duration.ZERO);
    assertEquals(HealthStatus.DEGRADED, writer.status());
    assertTrue(
        writer.reasons().get(0).contains("writer pool 90% used"), writer.reasons().toString());
    assertEquals(
        HealthStatus.DEGRADED,
        eval("DRAINING", BreakerState.CLOSED, 0, 0, 1.0, Duration.ZERO).status());
    assertEquals(
        HealthStatus.HEALTHY,
        eval("DRAINING", BreakerState.CLOSED, 0, 0.89, 0.5, Duration.ZERO).status());
  }

  @Test
  void oldestUndrainedOverLimit_isDegraded() {
    HealthRules.Verdict v = eval("DRAINING", BreakerState.CLOSED, 0, 0, 0, Duration.ofMinutes(6));
    assertEquals(HealthStatus.DEGRADED, v.status());
    assertTrue(v.reasons().get(0).contains("360 s (limit 300 s)"), v.reasons().toString());
    assertEquals(
        HealthStatus.HEALTHY,
        eval("DRAINING", BreakerState.CLOSED, 0, 0, 0, Duration.ofMinutes(5)).status());
  }

  @Test
  void severalConditions_worstWins_allListedWorstFirst() {
    HealthRules.Verdict v =
        eval("HALTED_FATAL", BreakerState.HALF_OPEN, 3, 1.0, 0, Duration.ofHours(1));
    assertEquals(HealthStatus.UNHEALTHY, v.status());
    assertEquals(4, v.reasons().size(), v.reasons().toString());
    assertTrue(v.reasons().get(0).contains("HALTED_FATAL"));
    assertTrue(v.reasons().get(1).contains("HALF_OPEN"));
  }
}
