package io.sluice.drill;

import io.sluice.Sluice;
import io.sluice.model.BreakerState;
import io.sluice.model.SluiceClosedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Polls {@link Sluice#status()} every 20 ms and keeps each change of the breaker state it sees,
 * with the time since it started. Polling can miss a state shorter than a poll; the drill checks
 * the exact sequence from the breaker's log lines and uses this for what {@code status} shows.
 */
final class BreakerWatch implements AutoCloseable {
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /** One observed change. */
  record Change(long atMillis, BreakerState state) {
    @Override
    public String toString() {
      return state + "@" + atMillis + "ms";
    }
  }

  private final Sluice sluice;
  private final long startNanos = System.nanoTime();
  private final List<Change> changes = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  private BreakerWatch(Sluice sluice) {
    this.sluice = sluice;
    this.thread = new Thread(this::run, "breaker-watch");
    this.thread.setDaemon(true);
  }

  static BreakerWatch start(Sluice sluice) {
    BreakerWatch w = new BreakerWatch(sluice);
    w.thread.start();
    return w;
  }

  private void run() {
    BreakerState last = null;
    while (running) {
      BreakerState now;
      try {
        now = sluice.status().breakerState();
      } catch (SluiceClosedException e) {
        return;
      }
      if (now != last) {
        synchronized (changes) {
          changes.add(new Change(millisSinceStart(), now));
        }
        last = now;
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  long millisSinceStart() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  List<Change> changes() {
    synchronized (changes) {
      return List.copyOf(changes);
    }
  }

  boolean seen(BreakerState state) {
    return changes().stream().anyMatch(c -> c.state() == state);
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
