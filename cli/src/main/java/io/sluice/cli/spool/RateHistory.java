package io.sluice.cli.spool;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The last minute of one ever-growing count (events appended, events committed), sampled about once
 * a second: the current rate and a sparkline of the rates. Not thread-safe (one UI thread).
 */
final class RateHistory {
  /** Rates kept: one a second for a minute. */
  static final int WIDTH = 60;

  private static final String BLOCKS = "▁▂▃▄▅▆▇█";
  private static final String ASCII = "_.-:=+*#";

  private final Deque<Double> rates = new ArrayDeque<>();
  private long lastCount = -1;
  private long lastNanos;

  /** Adds a sample; a count of -1 (unknown) or one that went backwards restarts the rate. */
  void add(long count, long nanos) {
    if (lastCount >= 0 && count >= lastCount && nanos > lastNanos) {
      rates.addLast((count - lastCount) * 1e9 / (nanos - lastNanos));
      if (rates.size() > WIDTH) {
        rates.removeFirst();
      }
    }
    lastCount = count;
    lastNanos = nanos;
  }

  /** Events per second between the last two samples, or -1 before there are two. */
  double rate() {
    return rates.isEmpty() ? -1 : rates.getLast();
  }

  /** One character per rate, scaled to the highest of the minute; Unicode blocks or ASCII. */
  String sparkline(boolean unicode) {
    String ramp = unicode ? BLOCKS : ASCII;
    double max = rates.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    StringBuilder b = new StringBuilder(rates.size());
    for (double r : rates) {
      int level = max <= 0 ? 0 : (int) Math.round(r / max * (ramp.length() - 1));
      b.append(ramp.charAt(level));
    }
    return b.toString();
  }
}
