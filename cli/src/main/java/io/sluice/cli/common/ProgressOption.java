package io.sluice.cli.common;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * The {@code --progress} option of long commands (a picocli mixin), and the factory of the {@link
 * Progress} it picks.
 */
public final class ProgressOption {
  /** How progress is shown. */
  public enum Mode {
    /** A bar when the terminal is interactive, else lines. */
    AUTO,
    BAR,
    LINES,
    NONE
  }

  @Option(
      names = "--progress",
      paramLabel = "MODE",
      defaultValue = "auto",
      description =
          "auto (default): a bar with rate and ETA on a terminal, a line every few seconds when"
              + " output goes to a file or pipe; or bar, lines, none.")
  Mode mode = Mode.AUTO;

  /** The mode {@link Mode#AUTO} resolves to here. */
  public Mode effective() {
    if (mode != Mode.AUTO) {
      return mode;
    }
    // System.console() is set only when stdin and stdout are both terminals: a bar would be
    // seen. A pipe or a file gets lines, which read well in logs.
    return System.console() != null ? Mode.BAR : Mode.LINES;
  }

  /**
   * Starts showing progress of {@code task} (e.g. "verify") toward {@code total} events.
   *
   * @param err where lines go; the bar always goes to the process's stderr, which it redraws
   */
  public Progress start(String task, long total, PrintWriter err) {
    return switch (effective()) {
      case BAR -> BarProgress.start(task, total, System.err);
      case LINES -> LineProgress.start(task, total, err);
      default -> Progress.NONE;
    };
  }
}
