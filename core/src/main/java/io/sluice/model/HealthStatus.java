package io.sluice.model;

/**
 * The overall state of a {@link Sluice}, worst first. The rules that pick it are in {@link
 * SluiceHealth}.
 */
public enum HealthStatus {
  /** Events are not reaching PostgreSQL and will not until something changes (see reasons). */
  UNHEALTHY,
  /** Writes failed and are being retried, or the circuit breaker is probing the database. */
  RECOVERING,
  /** Working, but close to a limit: a pool nearly exhausted, or events waiting too long. */
  DEGRADED,
  /** Working normally. */
  HEALTHY
}
