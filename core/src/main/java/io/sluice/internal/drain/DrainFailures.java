package io.sluice.internal.drain;

import io.sluice.internal.breaker.DatabaseBreaker;
import io.sluice.internal.db.ErrorClass;
import io.sluice.model.BreakerState;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drainer's failures in a row: each one goes to the breaker, the observer and the progress, is
 * logged once per run of failures, and says how long to wait before the next attempt (a jittered
 * exponential backoff for a transient failure while the breaker is not open, the fatal retry
 * interval for a configuration fault). Drainer thread only.
 */
final class DrainFailures {
  private static final Logger log = LoggerFactory.getLogger(Drainer.class);
  private static final long MIN_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 30_000;

  private final DrainSettings settings;
  private final DatabaseBreaker breaker;
  private final DrainProgress progress;
  private final DrainObserver observer;
  private int inARow;

  DrainFailures(
      DrainSettings settings,
      DatabaseBreaker breaker,
      DrainProgress progress,
      DrainObserver observer) {
    this.settings = settings;
    this.breaker = breaker;
    this.progress = progress;
    this.observer = observer;
  }

  /**
   * Records the failure of {@code what}, started at {@code startNanos}.
   *
   * @return milliseconds to wait before the next attempt (0: the open breaker paces the probes)
   */
  long failed(String what, long startNanos, Exception e) {
    breaker.failure(System.nanoTime() - startNanos, e);
    observer.batchFailed(System.nanoTime() - startNanos);
    inARow++;
    ErrorClass kind = ErrorClass.classify(e);
    String message = settings.instanceName() + ": " + what + ": " + ErrorClass.describe(e);
    progress.failed(message, kind);
    if (kind == ErrorClass.TRANSIENT) {
      if (inARow == 1) {
        log.warn("{}; events stay in the spool and will be retried", message);
      }
      if (breaker.state() == BreakerState.OPEN) {
        // While the breaker is open it alone paces the probes (the drainer waits for its
        // permission); a backoff on top would delay the first probe long after the database is
        // back.
        return 0;
      }
      long backoff = Math.min(MAX_BACKOFF_MILLIS, MIN_BACKOFF_MILLIS << Math.min(inARow - 1, 20));
      backoff = Math.min(backoff, settings.breakerOpenDuration().toMillis());
      return backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
    }
    if (inARow == 1 || progress.state() != DrainState.HALTED_FATAL) {
      log.error(
          "{}. This is a configuration fault: fix the database, Sluice re-checks every {};"
              + " events stay in the spool meanwhile",
          message,
          settings.fatalRetryInterval());
    }
    progress.state(DrainState.HALTED_FATAL);
    return settings.fatalRetryInterval().toMillis();
  }

  /** Halted on a lost range, reported by the rollback guard: counts as a failure in the run. */
  void halted() {
    inARow++;
  }

  /** A success: ends the run of failures, saying so once. */
  void succeeded() {
    if (inARow > 0) {
      log.info("{}: draining again after {} failed attempt(s)", settings.instanceName(), inARow);
    }
    inARow = 0;
    progress.recovered();
  }

  /** In standby a failure of the owner is none of this drainer's. */
  void forget() {
    inARow = 0;
  }
}
