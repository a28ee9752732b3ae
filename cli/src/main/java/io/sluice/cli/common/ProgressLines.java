package io.sluice.cli.common;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * Prints progress lines to stderr without flooding it: a changed line at most once per {@code
 * minInterval}, the same line again only after {@code repeatInterval}. A drainer waiting for
 * PostgreSQL would otherwise print the same error every second.
 */
public final class ProgressLines {
  private final PrintWriter err;
  private final long minNanos;
  private final long repeatNanos;
  private String last;
  private long lastAt;

  public ProgressLines(PrintWriter err, Duration minInterval, Duration repeatInterval) {
    this.err = err;
    this.minNanos = minInterval.toNanos();
    this.repeatNanos = repeatInterval.toNanos();
  }

  public void offer(String line) {
    long now = System.nanoTime();
    if (last != null) {
      long since = now - lastAt;
      if (since < minNanos || (line.equals(last) && since < repeatNanos)) {
        return;
      }
    }
    last = line;
    lastAt = now;
    err.println(line);
    err.flush();
  }
}
