package io.sluice.internal.ops;

import io.sluice.model.HealthStatus;
import io.sluice.model.SluiceHealth;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health loop: checks every interval and logs each change of status once, a worse status at
 * WARN with its reasons, a better one at INFO. The first check logs only when it is not HEALTHY.
 * Thread-safe: {@link #check()} may also be called on demand.
 */
final class HealthMonitor {
  private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

  private final String instanceName;
  private final Supplier<SluiceHealth> source;
  private HealthStatus last;

  public HealthMonitor(String instanceName, Supplier<SluiceHealth> source) {
    this.instanceName = instanceName;
    this.source = source;
  }

  /** Takes a snapshot, logs a change of status, and returns the snapshot. */
  public synchronized SluiceHealth check() {
    SluiceHealth h = source.get();
    HealthStatus previous = last;
    last = h.status();
    if (previous == h.status() || (previous == null && h.status() == HealthStatus.HEALTHY)) {
      return h;
    }
    String from = previous == null ? "start" : previous.name();
    // HealthStatus is declared worst first: a lower ordinal is worse.
    if (previous == null || h.status().ordinal() < previous.ordinal()) {
      log.warn(
          "{}: health {} -> {}: {}",
          instanceName,
          from,
          h.status(),
          String.join("; ", h.reasons()));
    } else {
      log.info(
          "{}: health {} -> {}{}",
          instanceName,
          from,
          h.status(),
          h.reasons().isEmpty() ? "" : ": " + String.join("; ", h.reasons()));
    }
    return h;
  }

  /** The status of the last check, or {@code null} before the first. */
  public synchronized HealthStatus lastStatus() {
    return last;
  }

  /**
   * Runs {@link #check()} every {@code interval}; a failing check is logged and the loop goes on.
   */
  public ScheduledFuture<?> schedule(ScheduledExecutorService scheduler, Duration interval) {
    long millis = interval.toMillis();
    return scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            check();
          } catch (RuntimeException e) {
            log.warn("{}: health check failed: {}", instanceName, e.toString());
          }
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
  }
}
