package io.sluice.cli.db;

import io.sluice.cli.common.ConfigurationException;
import io.sluice.cli.common.DatabaseOptions;
import io.sluice.cli.common.DurationConverter;
import io.sluice.model.EventKind;
import io.sluice.query.MetricAggregateQuery;
import io.sluice.query.MetricQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sluice query metrics}: performance metrics by name, component and time; with {@code
 * --buckets}, their statistics per time bucket instead.
 */
@Command(
    name = "metrics",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "List performance metrics, newest first, or their statistics per time bucket.",
    description = {
      "Fast with --metric or --component (indexed).",
      "With --buckets WIDTH: count, average, median (p50), 95th percentile and max of one "
          + "metric's values per bucket, oldest bucket first. Buckets start at whole multiples of "
          + "WIDTH since the epoch in UTC (--from is rounded down to one: 1h buckets start on the "
          + "hour, 1d at midnight UTC). Needs --metric and --from (--to defaults to the end of "
          + "the current minute); empty buckets are left out; no paging. Buckets of whole minutes "
          + "over whole minutes come from the rollups (per five minutes for widths of whole five "
          + "minutes, per minute otherwise): p50 and p95 within 1 % of the exact value at their "
          + "rank; other buckets are computed from every value, exactly.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sluice query metrics --metric latency_ms --since 1h",
      "  sluice query metrics --component router --json",
      "  sluice query metrics --metric latency_ms --since 1d --buckets 1h",
      "  sluice query metrics --metric latency_ms --from 2026-11-27 --to 2026-11-28 \\",
      "    --buckets 5m --json",
      "JSON keys: id, kind, recorded_at, occurred_at, metric_name, metric_value,",
      "metric_type, component, tags; with --buckets: bucket_start, count, avg, p50,",
      "p95, max."
    })
final class QueryMetricsCommand implements Callable<Integer> {
  @ParentCommand QueryCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--metric", paramLabel = "NAME", description = "Only this metric_name.")
  String metric;

  @Option(names = "--component", paramLabel = "NAME", description = "Only this component.")
  String component;

  @Option(
      names = "--buckets",
      paramLabel = "WIDTH",
      converter = DurationConverter.class,
      description = "Statistics per bucket of this width (1s to 366d), e.g. 5m, 1h, 1d.")
  Duration buckets;

  @Mixin QueryOptions query;
  @Mixin DatabaseOptions database;

  @Override
  public Integer call() {
    QuerySession session = new QuerySession(spec, query);
    if (buckets != null) {
      if (query.cursor != null || query.limit != null) {
        throw new ConfigurationException(
            "Bad query: --buckets returns every bucket of the range"
                + " at once (expected no --cursor or --limit). Narrow --from/--to instead.");
      }
      if (metric == null || query.from() == null) {
        throw new ConfigurationException(
            "Bad query: --buckets needs "
                + (metric == null ? "--metric NAME" : "--from TIME (or --since, e.g. --since 1d)")
                + " (expected one metric over a bounded range).");
      }
      MetricAggregateQuery q =
          QuerySession.build(
              () ->
                  MetricAggregateQuery.builder()
                      .metricName(metric)
                      .component(component)
                      .from(alignDown(query.from(), buckets))
                      .to(query.to == null ? endOfMinute(Instant.now()) : query.to)
                      .bucket(buckets)
                      .build());
      return session.buckets(parent.env(), database, queries -> queries.metricBuckets(q));
    }
    MetricQuery q =
        QuerySession.build(
            () -> {
              MetricQuery.Builder b = MetricQuery.builder().metricName(metric).component(component);
              query.range(b::from, b::to, b::limit, b::after);
              return b.build();
            });
    return session.page(parent.env(), database, EventKind.METRIC, queries -> queries.metrics(q));
  }

  /**
   * The start of the next whole minute: no later event is stored yet, and a range of whole minutes
   * is answered from the rollups.
   */
  static Instant endOfMinute(Instant t) {
    return t.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
  }

  /** Rounds down to a whole multiple of {@code width} since the epoch (5m: :00, :05, ...). */
  static Instant alignDown(Instant t, Duration width) {
    long w = width.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), w) * w);
  }
}
