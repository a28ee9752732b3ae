package io.sluice.internal.drain;

/**
 * What the drainer reports as it goes, for metrics and health. Called from the drainer thread;
 * implementations must be cheap and must not throw. The drainer drops nothing: every event becomes
 * a row or a dead letter.
 */
public interface DrainObserver {
  /**
   * A batch committed.
   *
   * @param events rows written
   * @param deadLettered events of the batch set aside instead
   * @param nanos time from the start of the batch to its commit
   */
  void batchCommitted(int events, int deadLettered, long nanos);

  /** A batch (or the connect step) failed after {@code nanos}. */
  void batchFailed(long nanos);
}
