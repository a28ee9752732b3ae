package io.sluice.spool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one daemon thread of a writable spool: it re-measures free space and used bytes every {@code
 * spaceCheckInterval} and, with {@link SyncPolicy#INTERVAL}, syncs every {@code syncInterval}. Both
 * run with a fixed delay, so a slow sync postpones (never piles up) the next one.
 */
final class SpoolBackground implements AutoCloseable {
  private final ScheduledExecutorService executor;

  SpoolBackground(SpoolConfig config, SpaceGuard space, SpoolSyncer syncer) {
    Path dir = config.directory();
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sluice-spool " + dir.getFileName());
              t.setDaemon(true); // never keeps an application alive; close() syncs a last time
              return t;
            });
    schedule(space::refresh, config.spaceCheckInterval());
    if (config.syncPolicy() == SyncPolicy.INTERVAL) {
      schedule(syncer::syncQuietly, config.syncInterval());
    }
  }

  private void schedule(Runnable task, Duration every) {
    long nanos = every.toNanos();
    executor.scheduleWithFixedDelay(task, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  /** Stops the thread, waiting up to 5 s for a measurement or sync in progress. */
  @Override
  public void close() {
    executor.shutdown(); // no interrupt: it could abort a Chronicle call midway
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
