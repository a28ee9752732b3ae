package io.sluice.internal.db;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Per-minute and per-five-minute rollups of performance metrics ({@link RollupTier}), added to
 * {@code metric_rollups} and {@code metric_rollups_5m} in the caller's transaction: the drainer's,
 * with the metric rows it commits (so rollups are exactly-once with them, and the two tiers always
 * agree), or a migration's backfill (V7: the minutes, V10: the five minutes).
 *
 * <pre>
 * metric_rollups, metric_rollups_5m (partitioned by day on minute, like the event tables)
 * column          type              what
 * metric_name     text              the metric
 * minute          timestamptz       the slot of recorded_at: [minute, minute + 1 min) in
 *                                   metric_rollups, [minute, minute + 5 min) in metric_rollups_5m
 *                                   (minute a multiple of 5 minutes since the epoch)
 * component_key   text              '*' = every component of the metric (null included);
 *                                   '=' || component = that one component
 * n               bigint            values
 * total           double precision  their sum
 * min_value       double precision  the smallest
 * max_value       double precision  the largest
 * sketch          bytea             DDSketch of the values: logarithmic mapping, relative accuracy
 *                                   {@value #RELATIVE_ACCURACY}, in sketches-java's binary encoding
 *                                   without the mapping (the mapping is fixed for the table, which
 *                                   halves the bytes and spares each read building one)
 * p50, p95        double precision  metric_rollups_5m only: the sketch's median and 95th percentile
 *                                   (kept within min_value..max_value), exactly what a query merging
 *                                   this one row would compute, so 5-minute buckets decode nothing
 * primary key (metric_name, component_key, minute)
 * </pre>
 *
 * Changing the accuracy or mapping needs a new column or table: stored sketches do not say theirs.
 *
 * <h2>Concurrent writers</h2>
 *
 * One row per key, merged in place: the rows of the batch's keys are locked ({@code SELECT ... FOR
 * UPDATE}, in key order so two drainers of different spools never deadlock), merged here, and
 * updated; keys without a row are inserted with {@code ON CONFLICT DO NOTHING}, and a key another
 * transaction inserted meanwhile is locked and merged in another round. A query then reads at most
 * one row per minute (not one per batch), which is what keeps it fast at high ingest rates.
 *
 * <p>Not thread-safe.
 */
public final class MetricRollups {
  /** The per-minute rollups' table in {@link Schema#NAME}. */
  public static final String TABLE = "metric_rollups";

  /**
   * The sketch's relative accuracy: a percentile read from it is within 1 % of the exact value at
   * the same rank.
   */
  public static final double RELATIVE_ACCURACY = 0.01;

  /** The key of the row holding every component of a metric. */
  public static final String ALL_COMPONENTS = "*";

  private static final Comparator<Key> ORDER =
      Comparator.comparing(Key::tier)
          .thenComparing(Key::metricName)
          .thenComparing(Key::componentKey)
          .thenComparingLong(Key::minuteMillis);

  private final Map<Key, Rollup> rollups = new TreeMap<>(ORDER);
  private final List<RollupTier> tiers;

  /** Rollups of every tier: what the drainer writes. */
  public MetricRollups() {
    this(RollupTier.values());
  }

  /** Rollups of {@code tiers} only (a migration's backfill of the tables it knows). */
  public MetricRollups(RollupTier... tiers) {
    this.tiers = List.of(tiers);
  }

  /** The key of the row of one component ({@code null}: no such row, only the '*' one). */
  public static String componentKey(String component) {
    return component == null ? null : "=" + component;
  }

  /** Adds one value, recorded at {@code recordedAtMillis}, to its slot's rows in every tier. */
  public void add(long recordedAtMillis, String metricName, String component, double value) {
    for (RollupTier tier : tiers) {
      long slot = tier.slotOf(recordedAtMillis);
      rollup(new Key(tier, metricName, slot, ALL_COMPONENTS)).add(value);
      if (component != null) {
        rollup(new Key(tier, metricName, slot, componentKey(component))).add(value);
      }
    }
  }

  public boolean isEmpty() {
    return rollups.isEmpty();
  }

  /** Rows this batch touches. */
  public int size() {
    return rollups.size();
  }

  public void clear() {
    rollups.clear();
  }

  private Rollup rollup(Key key) {
    return rollups.computeIfAbsent(key, k -> new Rollup());
  }

  /**
   * Merges what was added into the tiers' tables in the caller's transaction on {@code c}, then
   * forgets it. The day partitions must exist ({@link Partitions#ensure}). Tiers are written in one
   * order, so concurrent writers lock rows in one global order.
   */
  public void write(Connection c) throws SQLException {
    for (RollupTier tier : tiers) {
      List<Key> keys = new ArrayList<>();
      for (Key k : rollups.keySet()) {
        if (k.tier == tier) {
          keys.add(k);
        }
      }
      write(c, tier, keys);
    }
    rollups.clear();
  }

  private void write(Connection c, RollupTier tier, List<Key> keys) throws SQLException {
    List<Key> pending = keys;
    for (int round = 0; !pending.isEmpty(); round++) {
      if (round == 10) {
        throw new SQLException(
            "metric rollups: rows of "
                + pending.size()
                + " keys kept appearing between reads (expected another writer to finish)",
            "40001");
      }
      Set<Key> stored = lockAndMerge(c, tier, pending);
      List<Key> fresh = new ArrayList<>();
      List<Key> existing = new ArrayList<>();
      for (Key k : pending) {
        (stored.contains(k) ? existing : fresh).add(k);
      }
      update(c, tier, existing);
      pending = insert(c, tier, fresh);
    }
  }

  /** Locks the stored rows of {@code keys} in key order and merges them in; returns their keys. */
  private Set<Key> lockAndMerge(Connection c, RollupTier tier, List<Key> keys) throws SQLException {
    Set<Key> found = new HashSet<>();
    String sql =
        "SELECT r.metric_name, extract(epoch FROM r.minute)::bigint, r.component_key, r.n,"
            + " r.total, r.min_value, r.max_value, r.sketch FROM "
            + qualified(tier)
            + " r JOIN unnest(?::text[], ?::bigint[], ?::text[]) AS k(metric_name, minute_s,"
            + " component_key) ON r.metric_name = k.metric_name"
            + " AND r.minute = to_timestamp(k.minute_s) AND r.component_key = k.component_key"
            + " WHERE r.minute >= to_timestamp(?) AND r.minute <= to_timestamp(?)"
            + " ORDER BY r.metric_name, r.component_key, r.minute FOR UPDATE OF r";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bindKeys(c, ps, keys);
      ps.setLong(4, minMinute(keys) / 1000);
      ps.setLong(5, maxMinute(keys) / 1000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Key k = new Key(tier, rs.getString(1), rs.getLong(2) * 1000, rs.getString(3));
          Rollup r = rollups.get(k);
          r.merge(rs.getLong(4), rs.getDouble(5), rs.getDouble(6), rs.getDouble(7), rs.getBytes(8));
          found.add(k);
        }
      }
    }
    return found;
  }

  private void update(Connection c, RollupTier tier, List<Key> keys) throws SQLException {
    if (keys.isEmpty()) {
      return;
    }
    String sql =
        "UPDATE "
            + qualified(tier)
            + " r SET n = u.n, total = u.total, min_value = u.min_value, max_value = u.max_value,"
            + " sketch = u.sketch"
            + (tier.storesPercentiles() ? ", p50 = u.p50, p95 = u.p95" : "")
            + " FROM "
            + unnestValues(tier)
            + " WHERE r.metric_name = u.metric_name AND r.minute = to_timestamp(u.minute_s)"
            + " AND r.component_key = u.component_key"
            + " AND r.minute >= to_timestamp(?) AND r.minute <= to_timestamp(?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int next = bindValues(c, ps, tier, keys);
      ps.setLong(next, minMinute(keys) / 1000);
      ps.setLong(next + 1, maxMinute(keys) / 1000);
      ps.executeUpdate();
    }
  }

  /** Inserts rows for {@code keys}; returns the keys another transaction inserted first. */
  private List<Key> insert(Connection c, RollupTier tier, List<Key> keys) throws SQLException {
    if (keys.isEmpty()) {
      return List.of();
    }
    String sql =
        "INSERT INTO "
            + qualified(tier)
            + " (metric_name, minute, component_key, n, total, min_value, max_value, sketch"
            + (tier.storesPercentiles() ? ", p50, p95)" : ")")
            + " SELECT metric_name, to_timestamp(minute_s), component_key, n, total, min_value,"
            + " max_value, sketch"
            + (tier.storesPercentiles() ? ", p50, p95" : "")
            + " FROM "
            + unnestValues(tier)
            + " ON CONFLICT DO NOTHING"
            + " RETURNING metric_name, extract(epoch FROM minute)::bigint, component_key";
    Set<Key> inserted = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bindValues(c, ps, tier, keys);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          inserted.add(new Key(tier, rs.getString(1), rs.getLong(2) * 1000, rs.getString(3)));
        }
      }
    }
    List<Key> raced = new ArrayList<>();
    for (Key k : keys) {
      if (!inserted.contains(k)) {
        raced.add(k);
      }
    }
    return raced;
  }

  private static String unnestValues(RollupTier tier) {
    boolean p = tier.storesPercentiles();
    return "unnest(?::text[], ?::bigint[], ?::text[], ?::bigint[], ?::float8[], ?::float8[],"
        + " ?::float8[], ?::bytea[]"
        + (p ? ", ?::float8[], ?::float8[]" : "")
        + ") AS u(metric_name, minute_s, component_key, n, total, min_value, max_value, sketch"
        + (p ? ", p50, p95)" : ")");
  }

  private static void bindKeys(Connection c, PreparedStatement ps, List<Key> keys)
      throws SQLException {
    int n = keys.size();
    String[] names = new String[n];
    Long[] minutes = new Long[n];
    String[] components = new String[n];
    for (int i = 0; i < n; i++) {
      Key k = keys.get(i);
      names[i] = k.metricName;
      minutes[i] = k.minuteMillis / 1000;
      components[i] = k.componentKey;
    }
    ps.setArray(1, c.createArrayOf("text", names));
    ps.setArray(2, c.createArrayOf("bigint", minutes));
    ps.setArray(3, c.createArrayOf("text", components));
  }

  /** Binds the rows of {@code keys}; returns the next parameter's index. */
  private int bindValues(Connection c, PreparedStatement ps, RollupTier tier, List<Key> keys)
      throws SQLException {
    bindKeys(c, ps, keys);
    int n = keys.size();
    Long[] counts = new Long[n];
    Double[] totals = new Double[n];
    Double[] mins = new Double[n];
    Double[] maxs = new Double[n];
    byte[][] sketches = new byte[n][];
    for (int i = 0; i < n; i++) {
      Rollup r = rollups.get(keys.get(i));
      counts[i] = r.count;
      totals[i] = r.total;
      mins[i] = r.min;
      maxs[i] = r.max;
      sketches[i] = r.encodedSketch();
    }
    ps.setArray(4, c.createArrayOf("bigint", counts));
    ps.setArray(5, c.createArrayOf("float8", totals));
    ps.setArray(6, c.createArrayOf("float8", mins));
    ps.setArray(7, c.createArrayOf("float8", maxs));
    Array bytes = c.createArrayOf("bytea", sketches);
    ps.setArray(8, bytes);
    if (!tier.storesPercentiles()) {
      return 9;
    }
    Double[] p50 = new Double[n];
    Double[] p95 = new Double[n];
    for (int i = 0; i < n; i++) {
      Rollup r = rollups.get(keys.get(i));
      p50[i] = r.percentile(0.5);
      p95[i] = r.percentile(0.95);
    }
    ps.setArray(9, c.createArrayOf("float8", p50));
    ps.setArray(10, c.createArrayOf("float8", p95));
    return 11;
  }

  private static long minMinute(List<Key> keys) {
    return keys.stream().mapToLong(Key::minuteMillis).min().orElseThrow();
  }

  private static long maxMinute(List<Key> keys) {
    return keys.stream().mapToLong(Key::minuteMillis).max().orElseThrow();
  }

  private static String qualified(RollupTier tier) {
    return Schema.NAME + "." + tier.table();
  }

  /** A new, empty sketch of the rollups' accuracy. */
  public static DDSketch newSketch() {
    return DDSketches.logarithmicUnboundedDense(RELATIVE_ACCURACY);
  }

  /** Merges a stored sketch ({@code metric_rollups.sketch}) into {@code into}. */
  public static void mergeEncoded(DDSketch into, byte[] encoded) {
    try {
      into.decodeAndMergeWith(ByteArrayInput.wrap(encoded));
    } catch (IOException e) {
      throw new IllegalStateException(
          "metric_rollups.sketch cannot be decoded ("
              + e.getMessage()
              + "): expected a DDSketch written by Sluice",
          e);
    }
  }

  private record Key(RollupTier tier, String metricName, long minuteMillis, String componentKey) {}

  /** One row's statistics. */
  private static final class Rollup {
    long count;
    double total;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    final DDSketch sketch = newSketch();

    void add(double value) {
      count++;
      total += value;
      min = Math.min(min, value);
      max = Math.max(max, value);
      // The sketch's mapping indexes magnitudes up to a little below Double.MAX_VALUE and throws
      // on larger ones; every finite double is a valid metric, so such values are clamped to the
      // limit (a percentile up there may be off by one bin, and stays within the exact min/max).
      double limit = sketch.getIndexMapping().maxIndexableValue();
      sketch.accept(Math.max(-limit, Math.min(limit, value)));
    }

    void merge(long n, double sum, double lo, double hi, byte[] encoded) {
      count += n;
      total += sum;
      min = Math.min(min, lo);
      max = Math.max(max, hi);
      mergeEncoded(sketch, encoded);
    }

    /**
     * The sketch's percentile kept within the exact min and max, as {@code RollupBuckets} computes
     * it for a bucket of this one row.
     */
    double percentile(double q) {
      return Math.max(min, Math.min(max, sketch.getValueAtQuantile(q)));
    }

    /** The sketch's bins in DDSketch's own binary encoding, without its index mapping. */
    byte[] encodedSketch() {
      GrowingByteArrayOutput out = GrowingByteArrayOutput.withInitialCapacity(64);
      try {
        sketch.encode(out, true); // without the mapping: fixed for the table (class notes)
      } catch (IOException e) {
        throw new UncheckedIOException("encoding a DDSketch in memory", e); // cannot happen
      }
      return out.trimmedCopy();
    }
  }
}
