package io.sluice.internal.drain;

/** What the drainer is doing, for status and health. */
public enum DrainState {
  /** Not yet connected to PostgreSQL, or reconnecting. */
  CONNECTING,
  /** Writing batches (or waiting for events). */
  DRAINING,
  /** Transient failures: retrying with backoff, or waiting for the open circuit breaker. */
  RETRYING,
  /**
   * A configuration fault (missing table, privilege, authentication): not writing; re-checks
   * slowly.
   */
  HALTED_FATAL,
  /** Stopped for good: a damaged spool in strict mode, or another drainer owns the spool. */
  STOPPED,
  /** Closed. */
  CLOSED
}
