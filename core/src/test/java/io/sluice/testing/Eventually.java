package io.sluice.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes, so tests wait for background work without
 * fixed sleeps. The deadline is a safety net, never a timing assertion: keep it generous.
 */
public final class Eventually {
  private Eventually() {}

  /**
   * Returns as soon as {@code condition} holds; fails the test after {@code timeout}, with {@code
   * what} and the state {@code state} describes at that moment.
   */
  public static void until(
      String what, Duration timeout, BooleanSupplier condition, Supplier<?> state) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out after " + timeout + " waiting for " + what + "; state: " + state.get());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }
}
