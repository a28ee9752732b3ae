package io.sluice.cli.load;

import io.sluice.model.Event;
import java.util.concurrent.TimeUnit;

/**
 * A ring of pre-built synthetic events that one writer thread cycles through, rebuilt with fresh
 * events (and fresh {@code occurred_at} times) once it is a second old.
 *
 * <p>Why: building and validating an event costs 1-2 µs, more than appending it, so a load that
 * built every event would measure event construction, not Sluice. Applications build their events
 * anyway; the load measures what Sluice adds. Rebuilding 4,096 events a second costs under 1% of a
 * second, and keeps occurred_at within about a second of the append.
 *
 * <p>Not thread-safe: one per writer thread.
 */
final class EventPool {
  static final int SIZE = 4_096; // a power of two, for the mask
  private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final int AGE_CHECK_EVERY = 1_024; // nanoTime is cheap but not free

  private final SyntheticEvents generator;
  private final Event[] events = new Event[SIZE];
  private long builtAt;
  private long next;

  EventPool(SyntheticEvents generator) {
    this.generator = generator;
    refill();
  }

  Event next() {
    if (next % AGE_CHECK_EVERY == 0 && System.nanoTime() - builtAt > MAX_AGE_NANOS) {
      refill();
    }
    return events[(int) (next++ & (SIZE - 1))];
  }

  private void refill() {
    for (int i = 0; i < SIZE; i++) {
      events[i] = generator.next();
    }
    builtAt = System.nanoTime();
  }
}
