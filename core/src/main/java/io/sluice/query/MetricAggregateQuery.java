package io.sluice.query;

import java.time.Duration;
import java.time.Instant;

/**
 * Statistics of one metric per time bucket: count, mean, median, 95th percentile and max of {@code
 * metric_value} in each {@code [from + k*width, from + (k+1)*width)}. Immutable; made by {@link
 * #builder()}. Buckets come oldest first; empty buckets are left out.
 *
 * <p>{@code metricName}, {@code from}, {@code to} and {@code bucket} are required; {@code
 * component} narrows it. At most {@value #MAX_BUCKETS} buckets per query.
 */
public final class MetricAggregateQuery {
  /** Most buckets one query may span: {@code (to - from) / bucket}. */
  public static final int MAX_BUCKETS = 10_000;

  final String metricName;
  final String component;
  final Instant from;
  final Instant to;
  final Duration bucket;

  private MetricAggregateQuery(Builder b) {
    this.metricName = b.metricName;
    this.component = b.component;
    this.from = b.from;
    this.to = b.to;
    this.bucket = b.bucket;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The aggregate SQL; binds go into {@code s}. */
  String sql(Select s) {
    s.eq("metric_name", metricName).eq("component", component).range(from, to);
    s.bind("bucket_origin", Select.utc(from));
    s.bind("bucket_seconds", bucket.toMillis() / 1000.0);
    // date_bin (PostgreSQL 14+) aligns buckets on `from`; percentile_cont interpolates.
    return "SELECT date_bin(make_interval(secs => :bucket_seconds), recorded_at, :bucket_origin) AS"
        + " bucket, count(*) AS n, avg(metric_value) AS avg_value, percentile_cont(0.5)"
        + " WITHIN GROUP (ORDER BY metric_value) AS p50, percentile_cont(0.95) WITHIN GROUP"
        + " (ORDER BY metric_value) AS p95, max(metric_value) AS max_value FROM "
        + s.table()
        + s.whereClause()
        + " GROUP BY 1 ORDER BY 1";
  }

  /**
   * Builds a {@link MetricAggregateQuery}; each setter checks its value at once. Not thread-safe.
   */
  public static final class Builder {
    private String metricName;
    private String component;
    private Instant from;
    private Instant to;
    private Duration bucket;

    private Builder() {}

    /** The metric; required. */
    public Builder metricName(String metricName) {
      this.metricName = metricName;
      return this;
    }

    public Builder component(String component) {
      this.component = component;
      return this;
    }

    /** Start of the range (inclusive) and of the first bucket; required. */
    public Builder from(Instant from) {
      this.from = from;
      return this;
    }

    /** End of the range (exclusive); required. */
    public Builder to(Instant to) {
      this.to = to;
      return this;
    }

    /** Bucket width; 1 s..366 days, whole milliseconds. */
    public Builder bucket(Duration width) {
      if (width == null
          || width.compareTo(Duration.ofSeconds(1)) < 0
          || width.compareTo(Duration.ofDays(366)) > 0) {
        throw new IllegalArgumentException(
            "bucket is " + width + " (expected 1 second to 366 days, e.g. Duration.ofMinutes(5))");
      }
      this.bucket = width;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the missing or inconsistent argument
     */
    public MetricAggregateQuery build() {
      require(metricName, "metricName", "a metric name");
      require(from, "from", "an instant");
      require(to, "to", "an instant");
      require(bucket, "bucket", "a width such as Duration.ofMinutes(5)");
      Paging.checkRange(from, to);
      long buckets = ceilDiv(Duration.between(from, to).toMillis(), bucket.toMillis());
      if (buckets > MAX_BUCKETS) {
        throw new IllegalArgumentException(
            "bucket "
                + bucket
                + " over range ["
                + from
                + ", "
                + to
                + ") makes "
                + buckets
                + " buckets (expected at most "
                + MAX_BUCKETS
                + "). Use a wider bucket or a"
                + " shorter range.");
      }
      return new MetricAggregateQuery(this);
    }

    private static void require(Object value, String name, String expected) {
      if (value == null) {
        throw new IllegalArgumentException(name + " is not set (expected " + expected + ")");
      }
    }

    private static long ceilDiv(long a, long b) {
      return -Math.floorDiv(-a, b);
    }
  }

  @Override
  public String toString() {
    return "MetricAggregateQuery{"
        + metricName
        + (component == null ? "" : "/" + component)
        + " ["
        + from
        + ", "
        + to
        + ") by "
        + bucket
        + '}';
  }
}
