package io.sluice.internal.drain;

/** What the drainer is doing, for status and health. */
public enum DrainState {
  /** Not yet connected to PostgreSQL, or reconnecting. */
  CONNECTING,
  /** Writing batches (or waiting for events). */
  DRAINING,
  /**
   * Another drainer owns the spool (see {@link DrainerLease}): writing nothing, polling about once
   * a second, ready to take over when the owner stops or dies.
   */
  STANDBY,
  /** Transient failures: retrying with backoff, or waiting for the open circuit breaker. */
  RETRYING,
  /**
   * A configuration fault (missing table, privilege, authentication): not writing; re-checks
   * slowly.
   */
  HALTED_FATAL,
  /** Stopped for good: a damaged spool in strict mode, or an unexpected failure. */
  STOPPED,
  /** Closed. */
  CLOSED
}
