package io.sluice.internal.breaker;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.sluice.internal.db.ErrorClass;
import io.sluice.model.BreakerState;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breaker in front of the drainer's writes: the only user of resilience4j.
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li>CLOSED → OPEN after {@code failureThreshold} transient failures in a row (a count window of
 *       that size with a 100% failure-rate threshold).
 *   <li>OPEN for {@code openDuration}; then the next attempt moves it to HALF_OPEN.
 *   <li>HALF_OPEN → CLOSED after {@code halfOpenSuccesses} successful batches; any transient
 *       failure re-opens it at once.
 *   <li>Only {@link ErrorClass#TRANSIENT} failures count. Rejected rows and configuration faults
 *       are ignored (neither success nor failure), so a bad row never opens the breaker.
 * </ul>
 *
 * Each transition is logged once and counted. Used by the drainer thread; state reads are
 * thread-safe.
 */
public final class DatabaseBreaker {
  private static final Logger log = LoggerFactory.getLogger(DatabaseBreaker.class);

  private final CircuitBreaker breaker;
  private final AtomicLong transitions = new AtomicLong();
  private final AtomicLong rejectedCalls = new AtomicLong();

  public DatabaseBreaker(
      String instanceName,
      int failureThreshold,
      Duration openDuration,
      int halfOpenSuccesses,
      Clock clock,
      Consumer<BreakerState> onTransition) {
    CircuitBreakerConfig config =
        CircuitBreakerConfig.custom()
            .slidingWindow(failureThreshold, failureThreshold, SlidingWindowType.COUNT_BASED)
            .failureRateThreshold(100)
            .waitDurationInOpenState(openDuration)
            .permittedNumberOfCallsInHalfOpenState(halfOpenSuccesses)
            .automaticTransitionFromOpenToHalfOpenEnabled(false)
            .recordException(t -> ErrorClass.classify(t) == ErrorClass.TRANSIENT)
            .ignoreException(t -> ErrorClass.classify(t) != ErrorClass.TRANSIENT)
            .clock(clock)
            .build();
    this.breaker = CircuitBreaker.of(instanceName + "-database", config);
    breaker
        .getEventPublisher()
        .onStateTransition(
            e -> {
              transitions.incrementAndGet();
              BreakerState to = map(e.getStateTransition().getToState());
              log.warn(
                  "{}: database circuit breaker {} -> {}",
                  instanceName,
                  map(e.getStateTransition().getFromState()),
                  to);
              onTransition.accept(to);
            });
  }

  /** True when a batch may be tried now (may move OPEN to HALF_OPEN once the wait is over). */
  public boolean tryAcquire() {
    boolean permitted = breaker.tryAcquirePermission();
    if (!permitted) {
      rejectedCalls.incrementAndGet();
    }
    return permitted;
  }

  public void success(long elapsedNanos) {
    breaker.onSuccess(elapsedNanos, TimeUnit.NANOSECONDS);
  }

  public void failure(long elapsedNanos, Throwable error) {
    if (breaker.getState() == CircuitBreaker.State.HALF_OPEN
        && ErrorClass.classify(error) == ErrorClass.TRANSIENT) {
      // One failed probe is enough: the database is not back. Recording it first could let
      // resilience4j close the breaker on a failure rate below its threshold.
      breaker.releasePermission();
      breaker.transitionToOpenState();
      return;
    }
    breaker.onError(elapsedNanos, TimeUnit.NANOSECONDS, error);
  }

  /** A permission taken for a call that did not happen (e.g. nothing to write). */
  public void release() {
    breaker.releasePermission();
  }

  public BreakerState state() {
    return map(breaker.getState());
  }

  public long transitions() {
    return transitions.get();
  }

  private static BreakerState map(CircuitBreaker.State s) {
    return switch (s) {
      case OPEN, FORCED_OPEN -> BreakerState.OPEN;
      case HALF_OPEN -> BreakerState.HALF_OPEN;
      default -> BreakerState.CLOSED;
    };
  }
}
