package io.sluice.cli.common;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress as plain lines on stderr, one every {@link #PERIOD} (through {@link ProgressTicker})
 * and, if any was printed, one at the end, for output that goes to a file or a pipe:
 *
 * <pre>
 * verify: 400,000 of 1,000,000 events (40%), 210,512 events/s, ETA 3s
 * </pre>
 */
final class LineProgress implements Progress {
  static final Duration PERIOD = Duration.ofSeconds(2);

  private final String task;
  private final PrintWriter err;
  private final long startNanos = System.nanoTime();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong total;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile String note;
  private volatile boolean ticked;
  private ProgressTicker ticker;

  private LineProgress(String task, long total, PrintWriter err) {
    this.task = task;
    this.err = err;
    this.total = new AtomicLong(total);
  }

  static LineProgress start(String task, long total, PrintWriter err) {
    LineProgress p = new LineProgress(task, total, err);
    p.ticker = ProgressTicker.start(err, PERIOD.toMillis(), p::tick);
    return p;
  }

  @Override
  public void stepTo(long n) {
    done.set(n);
  }

  @Override
  public void total(long n) {
    total.set(n);
  }

  @Override
  public void note(String text) {
    note = text;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      ticker.close();
      if (ticked) { // short work printed nothing: its result says enough
        err.println(line());
        err.flush();
      }
    }
  }

  private String tick() {
    ticked = true;
    return line();
  }

  String line() {
    long n = done.get();
    long of = total.get();
    double seconds = Math.max((System.nanoTime() - startNanos) / 1e9, 1e-3);
    double rate = n / seconds;
    StringBuilder sb = new StringBuilder(task).append(": ").append(HumanFormat.count(n));
    if (of > 0) {
      sb.append(" of ")
          .append(HumanFormat.count(of))
          .append(String.format(Locale.ROOT, " events (%.0f%%)", 100.0 * Math.min(n, of) / of));
    } else {
      sb.append(" events");
    }
    sb.append(", ").append(HumanFormat.count(Math.round(rate))).append(" events/s");
    if (of > n && rate > 0) {
      sb.append(", ETA ").append(eta(Duration.ofSeconds(Math.round((of - n) / rate))));
    }
    String extra = note;
    return extra == null ? sb.toString() : sb.append("; ").append(extra).toString();
  }

  private static String eta(Duration d) {
    long s = d.getSeconds();
    if (s < 60) {
      return s + "s";
    }
    return s < 3600
        ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
        : String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60);
  }
}
