package io.sluice.internal.ops;

import java.time.Duration;

/**
 * The mean of the last {@code capacity} durations: a ring buffer with a running sum. Thread-safe
 * (synchronized: fed by queries and drained batches, a few hundred per second at most, never by the
 * append path).
 */
final class LatencyWindow {
  public static final int DEFAULT_CAPACITY = 1_000;

  private final long[] samples;
  private int next;
  private int size;
  private long sum;

  public LatencyWindow() {
    this(DEFAULT_CAPACITY);
  }

  public LatencyWindow(int capacity) {
    this.samples = new long[capacity];
  }

  public synchronized void record(long nanos) {
    long n = Math.max(0, nanos);
    if (size == samples.length) {
      sum -= samples[next];
    } else {
      size++;
    }
    samples[next] = n;
    sum += n;
    next = (next + 1) % samples.length;
  }

  /** The mean of the samples held; {@link Duration#ZERO} when none. */
  public synchronized Duration average() {
    return size == 0 ? Duration.ZERO : Duration.ofNanos(sum / size);
  }

  public synchronized int size() {
    return size;
  }
}
