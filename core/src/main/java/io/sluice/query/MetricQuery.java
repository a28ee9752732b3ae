package io.sluice.query;

import io.sluice.EventKind;
import java.time.Instant;

/**
 * Which performance metrics to list: every filter set must match (AND); unset filters match all.
 * Immutable; made by {@link #builder()}. Results are newest first. For statistics per time
 * bucket see {@link MetricAggregateQuery}.
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
  public static final class Builder {
    private String metricName;
    private String component;
    private final Paging paging = new Paging(EventKind.METRIC);

    private Builder() {}

    public Builder metricName(String metricName) {
      this.metricName = metricName;
      return this;
    }

    public Builder component(String component) {
      this.component = component;
      return this;
    }

    /** Only metrics recorded at or after {@code from}. */
    public Builder from(Instant from) {
      paging.from = from;
      return this;
    }

    /** Only metrics recorded before {@code to}. */
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
    public MetricQuery build() {
      paging.check();
      return new MetricQuery(this);
    }
  }
}
