package io.sluice.model;

import java.time.Instant;

/**
 * An observability event: one of {@link TraceEvent}, {@link RoutingDecision}, {@link
 * PerformanceMetric} or {@link AgentTransformation}.
 *
 * <p>Events are immutable and validated when constructed: a built event is one Sluice will accept
 * (except for the encoded-size limit and characters PostgreSQL cannot store, checked on append).
 * Times are kept to the microsecond, PostgreSQL's precision, so what is read back equals what was
 * appended.
 */
public sealed interface Event
    permits TraceEvent, RoutingDecision, PerformanceMetric, AgentTransformation {

  /** When the event happened, as the application saw it. */
  Instant occurredAt();

  EventKind kind();
}
