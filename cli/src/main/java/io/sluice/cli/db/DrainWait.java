package io.sluice.cli.db;

import io.sluice.Sluice;
import io.sluice.model.SluiceStatus;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Waits for a {@link Sluice}'s backlog to reach zero, and gives up as soon as the drainer stops
 * writing: state {@code STOPPED} (for good: a damaged spool in strict mode, another drainer owns
 * the spool) or {@code HALTED_FATAL} (a configuration fault such as a wrong password or a missing
 * privilege; core re-checks it slowly, but a command waiting for an empty backlog should say so now
 * rather than hang).
 */
public final class DrainWait {
  static final String STOPPED = "STOPPED";
  static final String HALTED_FATAL = "HALTED_FATAL";
  private static final Duration SLICE = Duration.ofSeconds(1);

  private DrainWait() {}

  /** How a wait ended. */
  public enum Outcome {
    DRAINED,
    NOT_WRITING,
    TIMED_OUT
  }

  /** True when the drainer writes nothing until a restart or a fix of the database. */
  public static boolean notWriting(SluiceStatus s) {
    return STOPPED.equals(s.drainState()) || HALTED_FATAL.equals(s.drainState());
  }

  /**
   * @param timeout how long to wait at most; {@code null} for no limit
   * @param eachSecond called with the status about once a second while waiting (progress lines)
   */
  public static Outcome untilEmpty(
      Sluice sluice, Duration timeout, Consumer<SluiceStatus> eachSecond) {
    long start = System.nanoTime();
    while (true) {
      Duration wait = SLICE;
      if (timeout != null) {
        long left = timeout.toNanos() - (System.nanoTime() - start);
        if (left <= 0) {
          return Outcome.TIMED_OUT;
        }
        wait = Duration.ofNanos(Math.min(left, SLICE.toNanos()));
      }
      if (sluice.awaitDrained(wait)) {
        return Outcome.DRAINED;
      }
      SluiceStatus status = sluice.status();
      if (notWriting(status)) {
        return Outcome.NOT_WRITING;
      }
      eachSecond.accept(status);
    }
  }
}
