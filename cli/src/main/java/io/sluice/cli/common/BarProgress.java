package io.sluice.cli.common;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A redrawn progress bar on a terminal (me.tongfei:progressbar): percent, events done of total,
 * elapsed and ETA, events per second. The library redraws it from its own timer thread.
 */
final class BarProgress implements Progress {
  /**
   * Columns when the terminal does not say (not a terminal, e.g. {@code --progress bar} | less).
   */
  private static final int FALLBACK_WIDTH = 100;

  private final ProgressBar bar;

  private BarProgress(ProgressBar bar) {
    this.bar = bar;
  }

  static BarProgress start(String task, long total, PrintStream err) {
    // With no terminal, jline cannot tell the width; give one rather than let it probe.
    ConsoleProgressBarConsumer consumer =
        System.console() != null
            ? new ConsoleProgressBarConsumer(err)
            : new ConsoleProgressBarConsumer(err, FALLBACK_WIDTH);
    ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(Math.max(total, 0))
            .setUnit(" events", 1)
            .showSpeed()
            .setUpdateIntervalMillis(250)
            .setConsumer(consumer)
            .build();
    return new BarProgress(bar);
  }

  @Override
  public void stepTo(long done) {
    bar.stepTo(done);
  }

  @Override
  public void total(long total) {
    bar.maxHint(total);
  }

  @Override
  public void note(String note) {
    bar.setExtraMessage(note == null ? "" : note);
  }

  @Override
  public void close() {
    bar.close();
  }
}
