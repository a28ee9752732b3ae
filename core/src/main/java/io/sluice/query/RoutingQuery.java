package io.sluice.query;

import io.sluice.EventKind;
import java.time.Instant;

/**
 * Which routing decisions to list: every filter set must match (AND); unset filters match all.
 * Immutable; made by {@link #builder()}. Results are newest first.
 *
 * <p>Fast shape: by {@code selectedAgent} (the minimum confidence is checked inside the same
 * index). Without it, rows are walked newest first and filters checked one by one.
 */
public final class RoutingQuery {
  final String selectedAgent;
  final Double minConfidence;
  final String routingStrategy;
  final Paging paging;

  private RoutingQuery(Builder b) {
    this.selectedAgent = b.selectedAgent;
    this.minConfidence = b.minConfidence;
    this.routingStrategy = b.routingStrategy;
    this.paging = b.paging.copy();
  }

  public static Builder builder() {
    return new Builder();
  }

  Select select(String columns) {
    return new Select(EventKind.ROUTING, columns)
        .eq("selected_agent", selectedAgent)
        .atLeast("confidence_score", minConfidence)
        .eq("routing_strategy", routingStrategy);
  }

  Select.Order order() {
    return selectedAgent != null ? Select.Order.TIME : Select.Order.ID;
  }

  /** Builds a {@link RoutingQuery}; each setter checks its value at once. Not thread-safe. */
  public static final class Builder {
    private String selectedAgent;
    private Double minConfidence;
    private String routingStrategy;
    private final Paging paging = new Paging(EventKind.ROUTING);

    private Builder() {}

    public Builder selectedAgent(String selectedAgent) {
      this.selectedAgent = selectedAgent;
      return this;
    }

    /** Only decisions with {@code confidence_score >= min}; 0..1. */
    public Builder minConfidence(double min) {
      if (!(min >= 0 && min <= 1)) {
        throw new IllegalArgumentException("minConfidence is " + min + " (expected 0 to 1)");
      }
      this.minConfidence = min;
      return this;
    }

    public Builder routingStrategy(String routingStrategy) {
      this.routingStrategy = routingStrategy;
      return this;
    }

    /** Only decisions recorded at or after {@code from}. */
    public Builder from(Instant from) {
      paging.from = from;
      return this;
    }

    /** Only decisions recorded before {@code to}. */
    public Builder to(Instant to) {
      paging.to = to;
      return this;
    }

    /** Results per page; 1..10,000, default 100. */
    public Builder limit(int limit) {
      paging.limit(limit);
      return this;
    }

    /** Continue after a previous page: pass its {@link Page#nextCursor()}. */
    public Builder after(String cursor) {
      paging.after(cursor);
      return this;
    }

    /** @throws IllegalArgumentException if {@code from} is not before {@code to} */
    public RoutingQuery build() {
      paging.check();
      return new RoutingQuery(this);
    }
  }
}
