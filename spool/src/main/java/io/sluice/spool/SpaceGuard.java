package io.sluice.spool;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import net.openhft.chronicle.core.values.LongValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a spool within its byte budget and its file system above the free-space reserve, and
 * applies the {@link SpoolFullPolicy} to an append that would cross either.
 *
 * <h2>Design notes</h2>
 *
 * Measuring costs microseconds (a {@code statfs}, a directory listing) and an append must stay near
 * 1 µs, so the hot path never measures. A measurement (every {@code spaceCheckInterval} on the
 * spool's background thread, at once after a cleanup or a roll to a new cycle file, and by blocked
 * appenders) publishes an {@code allowance}: the bytes that may still be appended, the smaller of
 * budget left and free space above the reserve. Each append adds its size to {@code sinceMeasure}
 * and goes ahead while that stays within the allowance: one atomic add and two volatile reads.
 *
 * <p>A new cycle file starts with its index already written (64 KiB for {@code HOURLY}), which no
 * append accounts for; the budget therefore keeps {@code rollHeadroom} back for the next one.
 *
 * <p>A measurement subtracts from {@code sinceMeasure} only what had been counted before it
 * started. Bytes appended while it ran are then counted twice (in the measurement and in the
 * counter) until the next one: an error on the safe side. The allowance is published before the
 * counter is lowered, so no reader pairs a lowered counter with an old allowance.
 *
 * <p>Other writers to the same file system are seen at the next measurement; a reserve of at least
 * two 64 MiB blocks absorbs what they write in between.
 *
 * <p>Thread-safe. Measurements and waits synchronize on one lock; the hot path takes no lock.
 */
final class SpaceGuard {
  private static final Logger LOG = LoggerFactory.getLogger(Spool.class);

  private final Path directory;
  private final long maxBytes;
  private final long reserveBytes;
  private final long rollHeadroom;
  private final SpoolFullPolicy policy;
  private final Duration blockTimeout;
  private final long checkIntervalNanos;
  private final FreeSpaceProbe probe;
  private final LongSupplier usedBytes;
  private final LongValue droppedCount;

  private final AtomicLong sinceMeasure = new AtomicLong();
  private volatile long allowance;
  private volatile long measuredUsed;
  private volatile long measuredFree;
  private volatile long measuredAtNanos;
  private volatile boolean closed;
  private boolean measureFailing; // guarded by lock
  private int waiting; // guarded by lock
  private volatile KeptCycles kept;

  private final AtomicBoolean dropping = new AtomicBoolean();
  private final AtomicLong episodeDrops = new AtomicLong();
  private final Object lock = new Object();

  SpaceGuard(
      SpoolConfig config, long rollHeadroom, LongSupplier usedBytes, LongValue droppedCount) {
    this.directory = config.directory();
    this.maxBytes = config.maxSpoolBytes();
    this.reserveBytes = config.minFreeDiskBytes();
    this.rollHeadroom = rollHeadroom;
    this.policy = config.fullPolicy();
    this.blockTimeout = config.blockTimeout();
    this.checkIntervalNanos = config.spaceCheckInterval().toNanos();
    this.probe = config.freeSpaceProbe();
    this.usedBytes = usedBytes;
    this.droppedCount = droppedCount;
    try {
      measure();
    } catch (IOException e) {
      throw new SpoolException(
          "Cannot measure free space of spool "
              + directory
              + ": "
              + e
              + ". Check that the folder exists and is readable.",
          e);
    }
  }

  /**
   * Reserves room for {@code bytes} if the last measurement allows it. The hot path: no lock.
   *
   * @return false when the spool or disk is full; nothing was reserved
   */
  boolean tryAcquire(long bytes) {
    if (sinceMeasure.addAndGet(bytes) <= allowance) {
      if (dropping.get()) {
        endDropEpisode();
      }
      return true;
    }
    sinceMeasure.addAndGet(-bytes);
    return false;
  }

  /**
   * Applies the full policy after {@link #tryAcquire} failed.
   *
   * @return true when room was found (after blocking), false when the record is to be dropped
   * @throws SpoolFullException for {@code FAIL}, or {@code BLOCK} after its timeout
   */
  boolean acquireWhenFull(long bytes) {
    // Committed files kept for a failover are the first to go (never under the lock: deleting
    // takes the cycle files' lock, which a cleanup holds while it calls refresh()).
    if (releaseKept(bytes) && tryAcquire(bytes)) {
      return true;
    }
    switch (policy) {
      case FAIL:
        // Refuse on a fresh measurement, not on the running estimate: otherwise the next
        // periodic measurement can find the estimate was high and accept what was just refused.
        refresh();
        if (tryAcquire(bytes)) {
          return true;
        }
        throw full(bytes, null);
      case DROP_NEWEST:
        drop(bytes);
        return false;
      case BLOCK:
      default:
        awaitRoom(bytes);
        return true;
    }
  }

  /** The committed cycle files kept for a failover, released when an append needs room. */
  void keptCycles(KeptCycles kept) {
    this.kept = kept;
  }

  private boolean releaseKept(long bytes) {
    KeptCycles k = kept;
    return k != null && k.release(() -> sinceMeasure.get() + bytes <= allowance, this::refresh);
  }

  private void awaitRoom(long bytes) {
    long deadline = System.nanoTime() + blockTimeout.toNanos();
    synchronized (lock) {
      waiting++;
    }
    try {
      while (!tryAcquire(bytes)) {
        if (releaseKept(bytes)) {
          continue;
        }
        synchronized (lock) {
          if (closed) {
            throw Spool.closedException(directory);
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw full(bytes, blockTimeout);
          }
          if (System.nanoTime() - measuredAtNanos >= checkIntervalNanos) {
            refreshLocked();
          } else {
            TimeUnit.NANOSECONDS.timedWait(lock, Math.min(left, checkIntervalNanos));
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpoolException(
          "Interrupted while waiting for room in spool " + directory + "; nothing was appended.",
          e);
    } finally {
      synchronized (lock) {
        waiting--;
      }
    }
  }

  private void drop(long bytes) {
    droppedCount.addAtomicValue(1);
    episodeDrops.incrementAndGet();
    if (dropping.compareAndSet(false, true)) {
      LOG.warn(
          "{} Dropping new records until there is room (fullPolicy=DROP_NEWEST); they are counted"
              + " in the spool's dropped count. This is logged once until an append succeeds.",
          full(bytes, null).getMessage());
    }
  }

  private void endDropEpisode() {
    if (dropping.compareAndSet(true, false)) {
      LOG.info(
          "Spool {} accepts records again after dropping {}.",
          directory,
          episodeDrops.getAndSet(0));
    }
  }

  private SpoolFullException full(long bytes, Duration waited) {
    long counted = sinceMeasure.get();
    long used = measuredUsed + counted;
    long free = measuredFree - counted;
    StringBuilder seen = new StringBuilder();
    if (used + bytes + rollHeadroom > maxBytes) {
      seen.append("its cycle files hold ")
          .append(used)
          .append(" of ")
          .append(maxBytes)
          .append(" bytes (expected at most maxSpoolBytes=")
          .append(maxBytes)
          .append(", keeping ")
          .append(rollHeadroom)
          .append(" for the next cycle file's index)");
    }
    if (free - bytes < reserveBytes) {
      seen.append(seen.length() > 0 ? " and " : "")
          .append("its file system has ")
          .append(free)
          .append(" bytes free (expected at least minFreeDiskBytes=")
          .append(reserveBytes)
          .append(" to stay free: Chronicle Queue corrupts records when the disk fills)");
    }
    return new SpoolFullException(
        "Cannot append to spool "
            + directory
            + (waited == null ? "" : " after waiting " + waited.toMillis() + " ms")
            + ": "
            + seen
            + ". Let the consumer catch up so committed cycle files are deleted, free disk space,"
            + " or raise the limit; records already appended are kept.");
  }

  /**
   * Measures now and wakes blocked appenders. Never throws: a failed measurement keeps the last.
   */
  void refresh() {
    synchronized (lock) {
      refreshLocked();
    }
  }

  private void refreshLocked() {
    if (closed) {
      return;
    }
    try {
      measure();
      if (measureFailing) {
        measureFailing = false;
        LOG.info("Measuring space of spool {} works again.", directory);
      }
    } catch (IOException | RuntimeException e) {
      measuredAtNanos =
          System.nanoTime(); // blocked appenders retry after an interval, not in a spin
      if (!measureFailing) {
        measureFailing = true;
        LOG.warn(
            "Cannot measure space of spool {}: {}. Using the last measurement until this"
                + " recovers; check the folder.",
            directory,
            e.toString());
      }
    }
    lock.notifyAll();
  }

  private void measure() throws IOException {
    long counted = sinceMeasure.get();
    long used = usedBytes.getAsLong();
    long free = probe.usableBytes(directory);
    measuredUsed = used;
    measuredFree = free;
    allowance = Math.min(maxBytes - rollHeadroom - used, free - reserveBytes);
    sinceMeasure.addAndGet(-counted);
    measuredAtNanos = System.nanoTime();
  }

  /** Appenders waiting for room now (policy {@code BLOCK}); for tests and status. */
  int waitingAppenders() {
    synchronized (lock) {
      return waiting;
    }
  }

  /** Wakes blocked appenders, which then throw {@link SpoolClosedException}. */
  void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
  }
}
