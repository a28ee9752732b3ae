package io.sluice.query;

import io.sluice.model.EventKind;

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
  public static final class Builder extends PagedBuilder<Builder> {
    private String selectedAgent;
    private Double minConfidence;
    private String routingStrategy;

    private Builder() {
      super(EventKind.ROUTING);
    }

    @Override
    Builder self() {
      return this;
    }

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

    /**
     * @throws IllegalArgumentException if {@code from} is not before {@code to}
     */
    public RoutingQuery build() {
      paging.check();
      return new RoutingQuery(this);
    }
  }
}
