package io.sluice.query;

import java.time.Instant;

/**
 * Statistics of one metric over one time bucket {@code [start, start + width)}.
 *
 * @param start the bucket's start; buckets are aligned on the query's {@code from}
 * @param count values in the bucket (at least 1: empty buckets are not returned)
 * @param avg their mean
 * @param p50 their median: from the rows, the continuous percentile (interpolated); from the
 *     per-minute rollups, within 1 % (relative) of the value at rank {@code floor(0.5 * (count -
 *     1))} (see {@link MetricAggregateQuery} for which one answers)
 * @param p95 their 95th percentile, the same way (rank {@code floor(0.95 * (count - 1))})
 * @param max the largest
 */
public record MetricBucket(
    Instant start, long count, double avg, double p50, double p95, double max) {}
