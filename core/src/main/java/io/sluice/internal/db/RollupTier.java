package io.sluice.internal.db;

/**
 * The widths the metric rollups are kept at, each in its own table of the same columns ({@link
 * MetricRollups}): per minute (V7) and per UTC five minutes (V10). The coarse tier answers the
 * common dashboard query, 5-minute (or wider) buckets over a day, from 288 rows instead of 1,440.
 */
public enum RollupTier {
  /** {@code metric_rollups}: one row per UTC minute. */
  MINUTE("metric_rollups", 60_000L),
  /** {@code metric_rollups_5m}: one row per UTC five minutes ({@code :00, :05, ...}). */
  FIVE_MINUTES("metric_rollups_5m", 300_000L);

  private final String table;
  private final long widthMillis;

  RollupTier(String table, long widthMillis) {
    this.table = table;
    this.widthMillis = widthMillis;
  }

  /** The tier's table in {@link Schema#NAME}. */
  public String table() {
    return table;
  }

  /** The width of one row's slot, in milliseconds. */
  public long widthMillis() {
    return widthMillis;
  }

  /**
   * True when the rows also hold the sketch's p50 and p95 (columns {@code p50, p95}): a bucket of
   * one such row needs no sketch decoded.
   */
  public boolean storesPercentiles() {
    return this == FIVE_MINUTES;
  }

  /** The start of the slot holding {@code epochMillis}. */
  long slotOf(long epochMillis) {
    return Math.floorDiv(epochMillis, widthMillis) * widthMillis;
  }
}
