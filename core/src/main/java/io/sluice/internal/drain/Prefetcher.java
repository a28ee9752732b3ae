package io.sluice.internal.drain;

import io.sluice.spool.Spool;
import io.sluice.spool.SpoolReader;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads and decodes the next batch on its own thread while the drainer writes the current one, so
 * PostgreSQL is not idle while the drainer decodes (the drainer's decode time was a fifth of the
 * gap to a bare COPY).
 *
 * <h2>Concurrency</h2>
 *
 * The prefetch thread creates, positions, reads and closes the spool reader (Chronicle tailers are
 * single-threaded). It hands over at most one finished batch at a time through a one-slot queue, so
 * memory holds at most three batches (one being written, one queued, one being read). Batches come
 * out in spool order; the drainer commits them in that order on its own thread.
 *
 * <h2>Failure</h2>
 *
 * After a failed batch the drainer closes this prefetcher (discarding what it read ahead) and
 * starts a new one after the checkpoint it re-reads from PostgreSQL. An error on the prefetch
 * thread (a damaged record in strict mode, a missing checkpoint record) is re-thrown by {@link
 * #poll}.
 */
final class Prefetcher implements AutoCloseable {
  private final Spool spool;
  private final long afterIndex;
  private final BatchReader batchReader;
  private final BlockingQueue<Batch> ready = new ArrayBlockingQueue<>(1);
  private final Thread thread;
  private volatile boolean running = true;
  private volatile RuntimeException failure;

  /**
   * Starts reading after spool index {@code afterIndex} ({@link Checkpoint#NONE}: from the start).
   */
  Prefetcher(Spool spool, long afterIndex, BatchReader batchReader, String instanceName) {
    this.spool = spool;
    this.afterIndex = afterIndex;
    this.batchReader = batchReader;
    this.thread = new Thread(this::run, instanceName + "-prefetch");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void run() {
    try (SpoolReader reader = spool.reader()) {
      if (afterIndex != Checkpoint.NONE) {
        try {
          reader.seekAfter(afterIndex);
        } catch (RuntimeException e) {
          throw new DrainStoppedException(e.getMessage(), e);
        }
      }
      while (running) {
        Batch batch = batchReader.fill(reader, () -> running);
        if (batch.isEmpty()) {
          continue;
        }
        while (running && !ready.offer(batch, 50, TimeUnit.MILLISECONDS)) {
          // the drainer is still writing the previous batch
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = e;
    } catch (Error e) {
      // e.g. Chronicle's InternalError after a fault reading a damaged file: stop the drainer
      // with the reason rather than leave it waiting for batches that will never come.
      failure = new DrainStoppedException("reading the spool failed: " + e, e);
    }
  }

  /**
   * The next batch, or {@code null} if none is ready within {@code timeoutMillis}.
   *
   * @throws RuntimeException what stopped the prefetch thread, once it has no batch left
   */
  Batch poll(long timeoutMillis) {
    try {
      Batch batch = ready.poll(timeoutMillis, TimeUnit.MILLISECONDS);
      if (batch == null && failure != null) {
        throw failure;
      }
      return batch;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Stops reading ahead and waits for the thread to close its reader. */
  @Override
  public void close() {
    running = false;
    ready.clear();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ready.clear();
  }
}
