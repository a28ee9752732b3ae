package io.sluice.internal.ops;

import io.sluice.model.BreakerState;
import io.sluice.model.SluiceClosedException;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceHealth;
import io.sluice.model.SluiceStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites this process's {@link StatusFile} in the spool folder every {@link #PERIOD} while a
 * {@link io.sluice.Sluice} runs, and deletes it on {@link #close()}.
 *
 * <p>Runs on one daemon thread of its own, so a slow status (it reads the spool) never delays the
 * host's scheduler. A failed write is logged once at WARN and retried at the next period: the file
 * is advisory, so a full or read-only folder must not stop Sluice. Thread-safe.
 */
public final class StatusPublisher implements AutoCloseable {
  /** How often the file is rewritten. Readers treat a file older than {@link #MAX_AGE} as stale. */
  public static final Duration PERIOD = Duration.ofSeconds(1);

  /** Age after which a reader ignores a file (ten missed periods). */
  public static final Duration MAX_AGE = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(StatusPublisher.class);

  private final Path spoolDir;
  private final String instance;
  private final long maxSpoolBytes;
  private final long minFreeDiskBytes;
  private final Clock clock;
  private final Supplier<SluiceStatus> status;
  private final Supplier<SluiceHealth> health;
  private final long pid = ProcessHandle.current().pid();
  private final ScheduledExecutorService timer;
  private boolean warned;

  private StatusPublisher(
      SluiceConfig config, Supplier<SluiceStatus> status, Supplier<SluiceHealth> health) {
    this.spoolDir = config.spoolDirectory().toAbsolutePath().normalize();
    this.instance = config.instanceName();
    this.maxSpoolBytes = config.spool().maxSpoolBytes();
    this.minFreeDiskBytes = config.spool().minFreeDiskBytes();
    this.clock = config.clock();
    this.status = status;
    this.health = health;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, instance + "-status-file");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Publishes at once, then every {@link #PERIOD}; also removes files that killed processes left.
   *
   * @param status where the spool stands, e.g. {@code sluice::status}
   * @param health the process's health, e.g. {@code sluice::health}; published whole so that {@code
   *     sluice health} in another process shows pools, queries and uptime too
   */
  public static StatusPublisher start(
      SluiceConfig config, Supplier<SluiceStatus> status, Supplier<SluiceHealth> health) {
    StatusPublisher p = new StatusPublisher(config, status, health);
    StatusFile.deleteStale(p.spoolDir, Instant.now(p.clock), MAX_AGE);
    p.timer.scheduleAtFixedRate(p::publish, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    return p;
  }

  private void publish() {
    try {
      SluiceStatus s = status.get();
      BreakerState breaker = s.breakerState();
      StatusFile.write(
          spoolDir,
          new StatusFile.Snapshot(
              pid,
              instance,
              Instant.now(clock),
              s.drainState(),
              breaker == null ? null : breaker.name(),
              s.lastError(),
              s.committedIndex(),
              s.committed(),
              s.backlog(),
              s.usedBytes(),
              maxSpoolBytes,
              minFreeDiskBytes,
              s.appended(),
              health.get()));
    } catch (SluiceClosedException e) {
      // closing: close() deletes the file next
    } catch (IOException | RuntimeException e) {
      // RuntimeException too: a damaged spool makes status() throw, and this must never stop.
      if (!warned) {
        warned = true;
        log.warn("{}: cannot publish the status file in {}: {}", instance, spoolDir, e.toString());
      }
    }
  }

  /** Stops publishing and deletes this process's file. Idempotent. */
  @Override
  public void close() {
    timer.shutdown(); // not shutdownNow: an interrupted write could leave its temp file
    try {
      timer.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    StatusFile.delete(spoolDir, pid);
  }
}
