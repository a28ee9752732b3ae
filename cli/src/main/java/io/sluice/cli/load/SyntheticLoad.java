package io.sluice.cli.load;

import io.sluice.Sluice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Appends {@code events} synthetic events ({@link SyntheticEvents}, served from an {@link
 * EventPool}) to a {@link Sluice} from {@code threads} threads, each taking an equal share,
 * optionally capped at a total rate.
 *
 * <p>The first append that throws stops every thread; {@link Result#failure()} holds it and {@link
 * Result#appended()} counts only appends that returned. {@link #appended()} may be read from any
 * thread while {@link #run()} works (for progress lines).
 */
final class SyntheticLoad {
  private final Sluice sluice;
  private final long events;
  private final int threads;
  private final double eventsPerSecond;
  private final LongAdder appended = new LongAdder();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

  /**
   * @param eventsPerSecond total cap over all threads; 0 for no cap
   */
  SyntheticLoad(Sluice sluice, long events, int threads, double eventsPerSecond) {
    this.sluice = sluice;
    this.events = events;
    this.threads = threads;
    this.eventsPerSecond = eventsPerSecond;
  }

  /** What a run did. */
  record Result(long appended, long nanos, RuntimeException failure) {
    double seconds() {
      return nanos / 1e9;
    }

    long eventsPerSecond() {
      return nanos == 0 ? 0 : Math.round(appended / seconds());
    }
  }

  /** Appends returned so far. */
  long appended() {
    return appended.sum();
  }

  /**
   * Runs all writer threads to the end (or the first failure) and waits for them. The clock starts
   * once every writer has built its first event pool.
   */
  Result run() throws InterruptedException {
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> writers = new ArrayList<>(threads);
    for (int w = 0; w < threads; w++) {
      long share = events / threads + (w < events % threads ? 1 : 0);
      int writer = w;
      Thread t = new Thread(() -> write(writer, share, ready, go), "sluice-load-" + w);
      t.setDaemon(true);
      writers.add(t);
      t.start();
    }
    ready.await();
    long start = System.nanoTime();
    go.countDown();
    for (Thread t : writers) {
      t.join();
    }
    return new Result(appended.sum(), System.nanoTime() - start, failure.get());
  }

  private void write(int writer, long share, CountDownLatch ready, CountDownLatch go) {
    try {
      EventPool events = new EventPool(new SyntheticEvents(writer, 0x5eed_0000L + writer));
      ready.countDown();
      go.await();
      RatePacer pacer =
          eventsPerSecond > 0 ? RatePacer.of(eventsPerSecond / threads) : RatePacer.unlimited();
      for (long n = 0; n < share && failure.get() == null; n++) {
        pacer.awaitTurn(n);
        sluice.append(events.next());
        appended.increment();
      }
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      ready.countDown(); // never leave run() waiting on a writer that failed early
    }
  }
}
