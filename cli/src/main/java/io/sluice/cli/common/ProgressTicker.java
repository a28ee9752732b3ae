package io.sluice.cli.common;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Prints a progress line to stderr about once a second while long work runs; stdout stays for the
 * command's result. Plain lines rather than a redrawn bar, so logs and pipes read well.
 */
public final class ProgressTicker implements AutoCloseable {
  private final ScheduledExecutorService timer;

  private ProgressTicker(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** Starts printing {@code line.get()} to {@code err} every {@code periodMillis}. */
  public static ProgressTicker start(PrintWriter err, long periodMillis, Supplier<String> line) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sluice-progress");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleAtFixedRate(
        () -> {
          err.println(line.get());
          err.flush();
        },
        periodMillis,
        periodMillis,
        TimeUnit.MILLISECONDS);
    return new ProgressTicker(timer);
  }

  /** Stops printing; a line being printed finishes first. */
  @Override
  public void close() {
    timer.shutdown();
    try {
      timer.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
