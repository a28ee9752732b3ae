package io.sluice.internal.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.model.EventKind;
import io.sluice.model.OperationsConfig;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {
  private final RetentionPolicy policy = new RetentionPolicy(OperationsConfig.defaults());

  @Test
  void day_expiresOnlyOnceItsWholeDayIsPastRetention() {
    LocalDate day = LocalDate.of(2026, 1, 1);
    // trace: 30 days. The day ends 2026-01-02T00:00Z; it expires at 2026-02-01T00:00Z.
    assertFalse(policy.isExpired(EventKind.TRACE, day, Instant.parse("2026-01-31T23:59:59.999Z")));
    assertTrue(policy.isExpired(EventKind.TRACE, day, Instant.parse("2026-02-01T00:00:00Z")));
  }

  @Test
  void defaults_perKind() {
    assertEquals(30, policy.retentionDays(EventKind.TRACE));
    assertEquals(90, policy.retentionDays(EventKind.ROUTING));
    assertEquals(180, policy.retentionDays(EventKind.METRIC));
    assertEquals(90, policy.retentionDays(EventKind.TRANSFORMATION));
    Instant now = Instant.parse("2026-06-01T12:00:00Z");
    LocalDate hundredDaysAgo = LocalDate.of(2026, 2, 21);
    assertTrue(policy.isExpired(EventKind.ROUTING, hundredDaysAgo, now));
    assertFalse(policy.isExpired(EventKind.METRIC, hundredDaysAgo, now));
  }
}
