package io.sluice.cli.load;

import java.util.concurrent.locks.LockSupport;

/**
 * Holds one writer thread to a steady rate: event {@code n} may start no earlier than {@code start
 * + n / rate}. The schedule is absolute, so oversleeping (parkNanos often sleeps ~50 µs longer than
 * asked) is made up by the next events and the average rate stays exact.
 *
 * <p>Hand-written because it is ten lines; Guava's RateLimiter is not a dependency. Not
 * thread-safe: one per writer thread.
 */
final class RatePacer {
  private final long startNanos;
  private final double nanosPerEvent;

  private RatePacer(double nanosPerEvent) {
    this.startNanos = System.nanoTime();
    this.nanosPerEvent = nanosPerEvent;
  }

  /** No waiting at all. */
  static RatePacer unlimited() {
    return new RatePacer(0);
  }

  /** At most {@code eventsPerSecond} events per second on average; must be positive. */
  static RatePacer of(double eventsPerSecond) {
    if (!(eventsPerSecond > 0)) {
      throw new IllegalArgumentException(
          "eventsPerSecond is " + eventsPerSecond + " (expected > 0)");
    }
    return new RatePacer(1e9 / eventsPerSecond);
  }

  /** Waits until event number {@code n} (from 0) is due. */
  void awaitTurn(long n) {
    if (nanosPerEvent == 0) {
      return;
    }
    long due = startNanos + (long) (n * nanosPerEvent);
    long wait = due - System.nanoTime();
    if (wait > 0) {
      LockSupport.parkNanos(wait);
    }
  }
}
