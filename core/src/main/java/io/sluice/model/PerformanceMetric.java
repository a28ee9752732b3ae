package io.sluice.model;

import java.time.Instant;

/**
 * One measurement of a component.
 *
 * @param metricName what was measured, such as {@code latency_ms}; required, at most 256 characters
 * @param metricValue the value; finite
 * @param metricType the kind of metric, such as {@code gauge}, {@code counter}, {@code timer};
 *     required, at most 256 characters
 * @param component the part of the system measured; optional, at most 256 characters
 * @param tags a JSON object of labels; optional
 * @param occurredAt when it was measured; kept to the microsecond
 * @throws InvalidEventException naming the first field that breaks its rule
 */
public record PerformanceMetric(
    String metricName,
    double metricValue,
    String metricType,
    String component,
    String tags,
    Instant occurredAt)
    implements Event {

  public PerformanceMetric {
    EventKind k = EventKind.METRIC;
    EventRules.name(k, "metric_name", metricName);
    EventRules.finite(k, "metric_value", metricValue);
    EventRules.name(k, "metric_type", metricType);
    EventRules.optionalName(k, "component", component);
    EventRules.jsonObject(k, "tags", tags);
    occurredAt = EventRules.time(k, occurredAt);
  }

  @Override
  public EventKind kind() {
    return EventKind.METRIC;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link PerformanceMetric}; {@code metricType} defaults to {@code gauge} and {@code
   * occurredAt} to the time of {@link #build()}.
   */
  public static final class Builder {
    private String metricName;
    private double metricValue = Double.NaN;
    private String metricType = "gauge";
    private String component;
    private String tags;
    private Instant occurredAt;

    private Builder() {}

    public Builder metricName(String metricName) {
      this.metricName = metricName;
      return this;
    }

    public Builder metricValue(double metricValue) {
      this.metricValue = metricValue;
      return this;
    }

    public Builder metricType(String metricType) {
      this.metricType = metricType;
      return this;
    }

    public Builder component(String component) {
      this.component = component;
      return this;
    }

    /** A JSON object, as text. */
    public Builder tags(String jsonObject) {
      this.tags = jsonObject;
      return this;
    }

    public Builder occurredAt(Instant occurredAt) {
      this.occurredAt = occurredAt;
      return this;
    }

    public PerformanceMetric build() {
      return new PerformanceMetric(
          metricName,
          metricValue,
          metricType,
          component,
          tags,
          occurredAt == null ? Instant.now() : occurredAt);
    }
  }
}
