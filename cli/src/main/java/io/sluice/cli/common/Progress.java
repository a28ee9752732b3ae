package io.sluice.cli.common;

/**
 * Progress of long work ({@code dump}, {@code verify}, {@code dlq replay}, {@code drain
 * --until-empty}) in events: a redrawn bar with rate and ETA on a terminal, plain periodic lines
 * otherwise, or nothing. Made by {@link ProgressOption#start}. Always on stderr: stdout carries the
 * command's result.
 *
 * <p>Thread-safe: the work thread reports, a timer thread prints.
 */
public interface Progress extends AutoCloseable {
  /** Events done so far (absolute, never decreasing). */
  void stepTo(long done);

  /** A new estimate of the total, e.g. a backlog that grew while draining. */
  void total(long total);

  /** A short note shown with the progress (e.g. why it stalls), or {@code null} for none. */
  void note(String note);

  /** Prints the final state once and stops. Idempotent. */
  @Override
  void close();

  /** Prints nothing. */
  Progress NONE =
      new Progress() {
        @Override
        public void stepTo(long done) {}

        @Override
        public void total(long total) {}

        @Override
        public void note(String note) {}

        @Override
        public void close() {}
      };
}
