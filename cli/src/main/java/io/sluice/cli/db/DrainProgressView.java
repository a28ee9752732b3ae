package io.sluice.cli.db;

import io.sluice.cli.common.ErrorReporter;
import io.sluice.cli.common.HumanFormat;
import io.sluice.cli.common.Progress;
import io.sluice.cli.common.ProgressLines;
import io.sluice.cli.common.ProgressOption;
import io.sluice.model.SluiceStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Progress of {@code drain --until-empty}, fed the status about once a second: a bar (events
 * committed by this run of the total backlog, rate, ETA) on a terminal; otherwise the drain's plain
 * lines with the rate and ETA added, repeated only when they change or every 10 s.
 */
final class DrainProgressView implements Consumer<SluiceStatus>, AutoCloseable {
  private final Progress bar;
  private final ProgressLines lines;
  private final Function<SluiceStatus, String> describe;
  private final long committedBefore;
  private final long startNanos = System.nanoTime();

  private DrainProgressView(
      Progress bar,
      ProgressLines lines,
      Function<SluiceStatus, String> describe,
      long committedBefore) {
    this.bar = bar;
    this.lines = lines;
    this.describe = describe;
    this.committedBefore = committedBefore;
  }

  /**
   * @param before the status before draining (its committed count and backlog may be -1: unknown)
   * @param describe the drain's one-line description of a status
   */
  static DrainProgressView start(
      ProgressOption option,
      PrintWriter err,
      SluiceStatus before,
      Function<SluiceStatus, String> describe) {
    long committed = Math.max(before.committed(), 0);
    return switch (option.effective()) {
      case BAR ->
          new DrainProgressView(
              option.start("drain", Math.max(before.backlog(), 0), err), null, describe, committed);
      case LINES ->
          new DrainProgressView(
              null,
              new ProgressLines(err, Duration.ZERO, Duration.ofSeconds(10)),
              describe,
              committed);
      default -> new DrainProgressView(null, null, describe, committed);
    };
  }

  @Override
  public void accept(SluiceStatus s) {
    long moved = s.committed() < 0 ? 0 : Math.max(s.committed() - committedBefore, 0);
    if (bar != null) {
      bar.stepTo(moved);
      if (s.backlog() >= 0) {
        bar.total(moved + s.backlog());
      }
      bar.note(
          s.backlog() < 0
              ? "waiting for PostgreSQL"
              : s.lastError() == null ? null : ErrorReporter.oneLine(s.lastError()));
    } else if (lines != null) {
      lines.offer("drain: " + describe.apply(s) + rateAndEta(moved, s.backlog()));
    }
  }

  private String rateAndEta(long moved, long backlog) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    if (moved <= 0 || seconds <= 0) {
      return "";
    }
    double rate = moved / seconds;
    String text = String.format(Locale.ROOT, ", %s events/s", HumanFormat.count(Math.round(rate)));
    return backlog > 0
        ? text + String.format(Locale.ROOT, ", ETA %ds", Math.round(backlog / rate))
        : text;
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
