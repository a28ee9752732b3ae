package io.sluice.query;

import io.sluice.model.EventKind;

/**
 * Which performance metrics to list: every filter set must match (AND); unset filters match all.
 * Immutable; made by {@link #builder()}. Results are newest first. For statistics per time bucket
 * see {@link MetricAggregateQuery}.
 *
 * <p>Fast shapes: by {@code metricName}; by {@code component}.
 */
public final class MetricQuery {
  final String metricName;
  final String component;
  final Paging paging;

  private MetricQuery(Builder b) {
    this.metricName = b.metricName;
    this.component = b.component;
    this.paging = b.paging.copy();
  }

  public static Builder builder() {
    return new Builder();
  }

  Select select(String columns) {
    return new Select(EventKind.METRIC, columns)
        .eq("metric_name", metricName)
        .eq("component", component);
  }

  Select.Order order() {
    return metricName != null || component != null ? Select.Order.TIME : Select.Order.ID;
  }

  /** Builds a {@link MetricQuery}; each setter checks its value at once. Not thread-safe. */
  public static final class Builder extends PagedBuilder<Builder> {
    private String metricName;
    private String component;

    private Builder() {
      super(EventKind.METRIC);
    }

    @Override
    Builder self() {
      return this;
    }

    public Builder metricName(String metricName) {
      this.metricName = metricName;
      return this;
    }

    public Builder component(String component) {
      this.component = component;
      return this;
    }

    /**
     * @throws IllegalArgumentException if {@code from} is not before {@code to}
     */
    public MetricQuery build() {
      paging.check();
      return new MetricQuery(this);
    }
  }
}
