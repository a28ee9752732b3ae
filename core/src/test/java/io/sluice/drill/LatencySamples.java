package io.sluice.drill;

import java.util.Arrays;

/**
 * Append latencies of one phase of a drill, kept as raw samples (a growing array; HdrHistogram is
 * not a dependency and a few hundred thousand longs are cheap). Written by one thread; read after
 * that thread stopped.
 */
final class LatencySamples {
  private long[] nanos = new long[1 << 16];
  private int count;

  void add(long sampleNanos) {
    if (count == nanos.length) {
      nanos = Arrays.copyOf(nanos, count * 2);
    }
    nanos[count++] = sampleNanos;
  }

  int count() {
    return count;
  }

  /** The {@code p}-th percentile (0 < p <= 100) in microseconds, or NaN without samples. */
  double percentileMicros(double p) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * count) - 1;
    return sorted[Math.max(0, Math.min(count - 1, rank))] / 1_000.0;
  }

  /** {@code n=.. p50=..us p99=..us p99.9=..us max=..us}. */
  String summary() {
    return String.format(
        "n=%d p50=%.1fus p99=%.1fus p99.9=%.1fus max=%.1fus",
        count,
        percentileMicros(50),
        percentileMicros(99),
        percentileMicros(99.9),
        percentileMicros(100));
  }
}
