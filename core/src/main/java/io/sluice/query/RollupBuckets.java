package io.sluice.query;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import io.sluice.model.EventKind;
import io.sluice.model.SluiceException;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges metric rollups (per minute or five minutes, each inside one bucket, oldest first) into the
 * buckets of a {@link MetricAggregateQuery}: counts, sums, minimums and maximums add up exactly,
 * the sketches merge without losing accuracy (DDSketch: merging is the same as sketching all the
 * values). A bucket of one five-minute row takes that row's stored p50 and p95 (what merging it
 * alone would give) and decodes nothing: decoding is most of a query's CPU time. Not thread-safe:
 * one per query.
 */
final class RollupBuckets {
  /** The per-minute rollups' table (written by the drainer, see {@code MetricRollups}). */
  static final String TABLE = EventKind.SCHEMA + ".metric_rollups";

  /** The five-minute rollups' table (see {@code RollupTier}). */
  static final String TABLE_5M = EventKind.SCHEMA + ".metric_rollups_5m";

  /**
   * The sketches' mapping: logarithmic, relative accuracy 1 %. Stored sketches do not carry it (see
   * {@code MetricRollups}), so every one is merged into a sketch of exactly this mapping.
   */
  private static final double RELATIVE_ACCURACY = 0.01;

  private final long fromMillis;
  private final long bucketMillis;
  private final List<MetricBucket> buckets = new ArrayList<>();
  private long current = Long.MIN_VALUE;
  private long count;
  private double total;
  private double min;
  private double max;
  private DDSketch sketch;
  private int rows;
  private byte[] firstSketch;
  private double storedP50;
  private double storedP95;
  private boolean hasStored;

  RollupBuckets(MetricAggregateQuery query) {
    this.fromMillis = query.fromMillis();
    this.bucketMillis = query.bucketMillis();
  }

  /** Adds the rollup row {@code rs} is on. */
  void add(ResultSet rs) throws SQLException {
    long bucket = Math.floorDiv(rs.getLong("minute_s") * 1000 - fromMillis, bucketMillis);
    if (bucket != current) {
      flush();
      current = bucket;
      count = 0;
      total = 0;
      min = Double.POSITIVE_INFINITY;
      max = Double.NEGATIVE_INFINITY;
      sketch = null;
      rows = 0;
    }
    count += rs.getLong("n");
    total += rs.getDouble("total");
    min = Math.min(min, rs.getDouble("min_value"));
    max = Math.max(max, rs.getDouble("max_value"));
    byte[] encoded = rs.getBytes("sketch");
    if (++rows == 1) {
      firstSketch = encoded; // decoded only if another row joins, or nothing was stored
      storedP50 = rs.getDouble("p50");
      hasStored = !rs.wasNull(); // only five-minute rows store them
      storedP95 = rs.getDouble("p95");
      return;
    }
    if (rows == 2) {
      merge(firstSketch);
    }
    merge(encoded);
  }

  private void merge(byte[] encoded) {
    if (sketch == null) {
      sketch = DDSketches.logarithmicUnboundedDense(RELATIVE_ACCURACY);
    }
    try {
      sketch.decodeAndMergeWith(ByteArrayInput.wrap(encoded));
    } catch (IOException | IllegalArgumentException e) {
      throw new SluiceException(
          "A metric rollup's sketch cannot be decoded ("
              + e.getMessage()
              + "): expected a DDSketch written by Sluice. Check "
              + TABLE
              + " and "
              + TABLE_5M
              + " for rows written by something else.",
          e);
    }
  }

  /** The buckets, oldest first. */
  List<MetricBucket> finish() {
    flush();
    current = Long.MIN_VALUE;
    return buckets;
  }

  private void flush() {
    if (current == Long.MIN_VALUE || count == 0) {
      return;
    }
    boolean stored = rows == 1 && hasStored;
    if (!stored && sketch == null) {
      merge(firstSketch);
    }
    buckets.add(
        new MetricBucket(
            Instant.ofEpochMilli(fromMillis + current * bucketMillis),
            count,
            total / count,
            stored ? storedP50 : percentile(0.5),
            stored ? storedP95 : percentile(0.95),
            max));
  }

  /** The sketch's percentile, kept within the exact min and max (where the true one lies). */
  private double percentile(double q) {
    return Math.max(min, Math.min(max, sketch.getValueAtQuantile(q)));
  }
}
