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
 *
 * <h2>Rollups or rows</h2>
 *
 * When {@code bucket} is a whole number of minutes and {@code from} and {@code to} are whole UTC
 * minutes, the buckets are merged from the rollups the drainer keeps with the rows (at most one row
 * per minute instead of every value): count, mean and max are those of the rows, the percentiles
 * come from a DDSketch and are within 1 % (relative) of the exact value at the same rank (see
 * {@link MetricBucket}). When moreover {@code bucket} is a whole number of five minutes and {@code
 * from} a whole five minutes (UTC: {@code :00, :05, ...}, as dashboards align their ranges), the
 * five-minute rollups answer (a fifth of the rows), and only the range's last minutes past a whole
 * five minutes come from the minute rollups. Otherwise (sub-minute buckets, ranges that cut a
 * minute) every row of the range is read and the percentiles are exact.
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

  private static final long MINUTE_SECONDS = 60;
  private static final long FIVE_MINUTE_SECONDS = 300;

  /** True when the buckets are whole UTC minutes, so the per-minute rollups answer exactly them. */
  boolean fromRollups() {
    return isWholeMinute(from)
        && isWholeMinute(to)
        && bucket.getNano() == 0
        && bucket.getSeconds() % MINUTE_SECONDS == 0;
  }

  /**
   * True when the five-minute rollups answer the buckets (all but a tail of {@code to} past a whole
   * five minutes): whole five-minute buckets from a whole five minutes.
   */
  boolean fromFiveMinuteRollups() {
    return fromRollups()
        && Math.floorMod(from.getEpochSecond(), FIVE_MINUTE_SECONDS) == 0
        && bucket.getSeconds() % FIVE_MINUTE_SECONDS == 0;
  }

  private static boolean isWholeMinute(Instant t) {
    return t.getNano() == 0 && Math.floorMod(t.getEpochSecond(), MINUTE_SECONDS) == 0;
  }

  /**
   * The rollups' SQL (one row per slot, each inside one bucket, oldest first); binds go into {@code
   * s}. Component keys: '*' = every component, '=' || name = one (as the drainer writes them). One
   * statement, so the two tiers come from one snapshot.
   */
  String rollupSql(Select s) {
    s.bind("metric_name", metricName);
    s.bind("component_key", component == null ? "*" : "=" + component);
    s.bind("from_at", Select.utc(from));
    s.bind("to_at", Select.utc(to));
    if (!fromFiveMinuteRollups()) {
      return rollupSelect(RollupBuckets.TABLE, false, ":from_at", ":to_at") + " ORDER BY minute_s";
    }
    Instant wholeTo =
        Instant.ofEpochSecond(
            Math.floorDiv(to.getEpochSecond(), FIVE_MINUTE_SECONDS) * FIVE_MINUTE_SECONDS);
    s.bind("whole_to", Select.utc(wholeTo));
    String sql = rollupSelect(RollupBuckets.TABLE_5M, true, ":from_at", ":whole_to");
    if (wholeTo.isBefore(to)) {
      sql += " UNION ALL " + rollupSelect(RollupBuckets.TABLE, false, ":whole_to", ":to_at");
    }
    return sql + " ORDER BY minute_s";
  }

  private static String rollupSelect(String table, boolean percentiles, String from, String to) {
    return "SELECT extract(epoch FROM minute)::bigint AS minute_s, n, total, min_value, max_value,"
        + " sketch, "
        + (percentiles ? "p50, p95" : "NULL::float8 AS p50, NULL::float8 AS p95")
        + " FROM "
        + table
        + " WHERE metric_name = :metric_name AND component_key = :component_key"
        + " AND minute >= "
        + from
        + " AND minute < "
        + to;
  }

  long fromMillis() {
    return from.toEpochMilli();
  }

  long bucketMillis() {
    return bucket.toMillis();
  }

  /** The aggregate SQL over the rows; binds go into {@code s}. */
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
