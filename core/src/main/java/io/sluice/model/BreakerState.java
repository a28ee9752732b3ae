package io.sluice.model;

/** The state of the circuit breaker in front of the drainer's database writes. */
public enum BreakerState {
  /** Writing normally. */
  CLOSED,
  /** The database failed repeatedly; nothing is written until the open period ends. */
  OPEN,
  /** Probing: a few batches are tried; they close the breaker, or one failure re-opens it. */
  HALF_OPEN
}
