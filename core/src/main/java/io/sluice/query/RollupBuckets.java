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
 * Merges per-minute metric rollups (oldest first) into the buckets of a {@link
 * MetricAggregateQuery}: counts, sums, minimums and maximums add up exactly, the sketches merge
 * without losing accuracy (DDSketch: merging is the same as sketching all the values). Not
 * thread-safe: one per query.
 */
final class RollupBuckets {
  /** The rollups' table (written by the drainer, see {@code MetricRollups}). */
  static final String TABLE = EventKind.SCHEMA + ".metric_rollups";

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
      sketch = DDSketches.logarithmicUnboundedDense(RELATIVE_ACCURACY);
    }
    count += rs.getLong("n");
    total += rs.getDouble("total");
    min = Math.min(min, rs.getDouble("min_value"));
    max = Math.max(max, rs.getDouble("max_value"));
    try {
      sketch.decodeAndMergeWith(ByteArrayInput.wrap(rs.getBytes("sketch")));
    } catch (IOException | IllegalArgumentException e) {
      throw new SluiceException(
          "A metric rollup's sketch cannot be decoded ("
              + e.getMessage()
              + "): expected a DDSketch written by Sluice. Check "
              + TABLE
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
    buckets.add(
        new MetricBucket(
            Instant.ofEpochMilli(fromMillis + current * bucketMillis),
            count,
            total / count,
            percentile(0.5),
            percentile(0.95),
            max));
  }

  /** The sketch's percentile, kept within the exact min and max (where the true one lies). */
  private double percentile(double q) {
    return Math.max(min, Math.min(max, sketch.getValueAtQuantile(q)));
  }
}
