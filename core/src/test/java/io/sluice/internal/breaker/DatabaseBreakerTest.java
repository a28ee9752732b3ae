package io.sluice.internal.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.model.BreakerState;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The breaker's rules, driven by a clock the test advances instead of sleeping. */
class DatabaseBreakerTest {
  private static final int THRESHOLD = 5;
  private static final Duration OPEN = Duration.ofSeconds(60);
  private static final int HALF_OPEN_SUCCESSES = 3;

  private static final SQLException TRANSIENT = new SQLException("connection lost", "08006");
  private static final SQLException POISON = new SQLException("duplicate key", "23505");
  private static final SQLException FATAL = new SQLException("relation does not exist", "42P01");

  private final MutableClock clock = new MutableClock();
  private final List<BreakerState> transitions = new ArrayList<>();
  private final DatabaseBreaker breaker =
      new DatabaseBreaker("test", THRESHOLD, OPEN, HALF_OPEN_SUCCESSES, clock, transitions::add);

  /** A clock that moves only when told. */
  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private void fail(int times, Throwable error) {
    for (int i = 0; i < times; i++) {
      assertTrue(breaker.tryAcquire(), "attempt " + i + " should be permitted");
      breaker.failure(1_000, error);
    }
  }

  private void succeed(int times) {
    for (int i = 0; i < times; i++) {
      assertTrue(breaker.tryAcquire(), "attempt " + i + " should be permitted");
      breaker.success(1_000);
    }
  }

  private void open() {
    fail(THRESHOLD, TRANSIENT);
    assertEquals(BreakerState.OPEN, breaker.state());
  }

  private void halfOpen() {
    open();
    clock.advance(OPEN.plusMillis(1));
    assertTrue(breaker.tryAcquire());
    breaker.release(); // the permission was only taken to move the state
    assertEquals(BreakerState.HALF_OPEN, breaker.state());
  }

  @Test
  void failure_oneLessThanThreshold_staysClosed() {
    fail(THRESHOLD - 1, TRANSIENT);
    assertEquals(BreakerState.CLOSED, breaker.state());
    assertTrue(transitions.isEmpty());
  }

  @Test
  void failure_thresholdTransientFailuresInARow_opens() {
    fail(THRESHOLD, TRANSIENT);
    assertEquals(BreakerState.OPEN, breaker.state());
    assertEquals(List.of(BreakerState.OPEN), transitions);
  }

  @Test
  void failure_successInBetween_countsOnlyFailuresInARow() {
    fail(THRESHOLD - 1, TRANSIENT);
    succeed(1);
    fail(THRESHOLD - 1, TRANSIENT);
    assertEquals(BreakerState.CLOSED, breaker.state());
    fail(1, TRANSIENT);
    assertEquals(BreakerState.OPEN, breaker.state());
  }

  @Test
  void tryAcquire_whileOpen_isRefusedUntilTheOpenDurationPasses() {
    open();
    assertFalse(breaker.tryAcquire());
    clock.advance(OPEN.minusSeconds(1));
    assertFalse(breaker.tryAcquire());
    assertEquals(BreakerState.OPEN, breaker.state());
    clock.advance(Duration.ofSeconds(1).plusMillis(1));
    assertTrue(breaker.tryAcquire());
    assertEquals(BreakerState.HALF_OPEN, breaker.state());
  }

  @Test
  void success_halfOpenSuccesses_closes() {
    halfOpen();
    succeed(HALF_OPEN_SUCCESSES - 1);
    assertEquals(BreakerState.HALF_OPEN, breaker.state());
    succeed(1);
    assertEquals(BreakerState.CLOSED, breaker.state());
    assertEquals(
        List.of(BreakerState.OPEN, BreakerState.HALF_OPEN, BreakerState.CLOSED), transitions);
    assertEquals(3, breaker.transitions());
  }

  @Test
  void failure_oneTransientWhileHalfOpen_reopens() {
    halfOpen();
    succeed(HALF_OPEN_SUCCESSES - 1);
    fail(1, TRANSIENT);
    assertEquals(BreakerState.OPEN, breaker.state());
    assertFalse(breaker.tryAcquire());
    assertEquals(
        List.of(BreakerState.OPEN, BreakerState.HALF_OPEN, BreakerState.OPEN), transitions);
  }

  @Test
  void failure_oneTransientWhileHalfOpenWithOneProbe_reopensOnce() {
    List<BreakerState> seen = new ArrayList<>();
    DatabaseBreaker single = new DatabaseBreaker("single", 2, OPEN, 1, clock, seen::add);
    for (int i = 0; i < 2; i++) {
      assertTrue(single.tryAcquire());
      single.failure(1_000, TRANSIENT);
    }
    clock.advance(OPEN.plusMillis(1));
    assertTrue(single.tryAcquire());
    single.failure(1_000, TRANSIENT);
    assertEquals(BreakerState.OPEN, single.state());
    assertEquals(List.of(BreakerState.OPEN, BreakerState.HALF_OPEN, BreakerState.OPEN), seen);
  }

  @Test
  void failure_poisonOrFatalErrors_neverOpen() {
    fail(THRESHOLD * 20, POISON);
    fail(THRESHOLD * 20, FATAL);
    fail(THRESHOLD * 20, new RuntimeException("jdbi", POISON));
    assertEquals(BreakerState.CLOSED, breaker.state());
    assertTrue(transitions.isEmpty());
  }

  @Test
  void failure_poisonBetweenTransientFailures_doesNotResetTheCount() {
    // a bad row is neither a success nor a failure: the database is still failing
    fail(THRESHOLD - 1, TRANSIENT);
    fail(3, POISON);
    fail(1, TRANSIENT);
    assertEquals(BreakerState.OPEN, breaker.state());
  }

  @Test
  void failure_poisonOrFatalWhileHalfOpen_neitherClosesNorReopens() {
    halfOpen();
    fail(HALF_OPEN_SUCCESSES * 5, POISON);
    fail(HALF_OPEN_SUCCESSES * 5, FATAL);
    assertEquals(BreakerState.HALF_OPEN, breaker.state());
    succeed(HALF_OPEN_SUCCESSES);
    assertEquals(BreakerState.CLOSED, breaker.state());
  }
}
