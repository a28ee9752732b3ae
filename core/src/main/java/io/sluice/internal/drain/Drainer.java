package io.sluice.internal.drain;

import com.zaxxer.hikari.HikariDataSource;
import io.sluice.internal.breaker.DatabaseBreaker;
import io.sluice.internal.db.Partitions;
import io.sluice.internal.db.Pools;
import io.sluice.internal.db.Schema;
import io.sluice.internal.db.ServerHost;
import io.sluice.model.BreakerState;
import io.sluice.spool.Spool;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the spool and writes its events to PostgreSQL, one batch per transaction, each with the
 * checkpoint.
 *
 * <p>The design (delivery, failure, one drainer per spool, failover, lanes) is in the package
 * notes: {@link io.sluice.internal.drain}.
 *
 * <h2>Concurrency</h2>
 *
 * One thread, started by {@link #start()}, plus one per lane when there are several ({@link
 * Lanes}). Other threads read progress through {@link DrainProgress}. {@link #close()} lets the
 * batch in flight finish; a drainer not in a batch (e.g. waiting for a connection while PostgreSQL
 * is down) is interrupted at once.
 */
public final class Drainer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Drainer.class);
  private static final long OPEN_POLL_MILLIS = 250;
  private static final long POLL_MILLIS = 5;
  private static final long STANDBY_POLL_MILLIS = 1_000;

  /** How long {@link #close()} waits for a drainer that is not in a batch. */
  private static final Duration IDLE_STOP_WAIT = Duration.ofSeconds(2);

  private final Spool spool;
  private final Jdbi jdbi;
  private final HikariDataSource dataSource;
  private final DrainSettings settings;
  private final DatabaseBreaker breaker;
  private final DrainProgress progress;
  private final DrainObserver observer;
  private final Partitions partitions = new Partitions();
  private final BatchReader batchReader;
  private final ConnectionRetirement retirement;
  private final DrainerLease lease;
  private final LastCheckpointFile lastCheckpoint;
  private final CommittedCycles committedCycles;
  private final RollbackGuard rollbacks;
  private final DrainFailures failures;
  private final Lanes lanes;
  private final Thread thread;

  private volatile boolean running;
  private volatile boolean committing;
  private long standbySinceNanos = -1;
  private boolean schemaApplied;
  private Prefetcher prefetcher;
  private Batch pending;
  private boolean batchFailing;
  private long pendingLost;

  public Drainer(
      Spool spool,
      DeadLetterSpool deadLetters,
      Jdbi jdbi,
      HikariDataSource dataSource,
      DrainSettings settings,
      DrainObserver observer,
      RetentionPolicy retention) {
    this.spool = spool;
    this.observer = observer;
    this.jdbi = jdbi;
    this.dataSource = dataSource;
    this.settings = settings;
    this.progress = new DrainProgress(spool, settings.clock());
    this.breaker =
        new DatabaseBreaker(
            settings.instanceName(),
            settings.breakerFailureThreshold(),
            settings.breakerOpenDuration(),
            settings.breakerHalfOpenSuccesses(),
            settings.clock(),
            progress::breakerMovedTo);
    this.batchReader = new BatchReader(spool.directory(), settings, retention);
    this.retirement = new ConnectionRetirement(dataSource, settings.maxQueriesPerConnection());
    this.lease =
        new DrainerLease(
            spool.directory(),
            spool.id(),
            () -> Pools.session(dataSource, "sluice-" + settings.instanceName() + "-lease"));
    this.lastCheckpoint = new LastCheckpointFile(spool.directory(), spool.id());
    this.committedCycles = new CommittedCycles(spool, jdbi, settings, lastCheckpoint);
    this.rollbacks = new RollbackGuard(spool, settings, progress);
    this.failures = new DrainFailures(settings, breaker, progress, observer);
    this.lanes = new Lanes(jdbi, settings, deadLetters, retirement, spool.directory(), partitions);
    this.thread = new Thread(this::run, settings.instanceName() + "-drainer");
    this.thread.setDaemon(true);
  }

  public void start() {
    running = true;
    thread.start();
  }

  /** Progress and state, readable from any thread. */
  public DrainProgress progress() {
    return progress;
  }

  public BreakerState breakerState() {
    return breaker.state();
  }

  private void run() {
    try {
      while (running) {
        step();
      }
    } catch (DrainStoppedException e) {
      progress.stopped(e.getMessage());
      log.error("{}: draining stopped: {}", settings.instanceName(), e.getMessage(), e.getCause());
    } catch (RuntimeException | Error e) {
      progress.stopped("unexpected failure: " + e);
      log.error("{}: draining stopped by an unexpected failure", settings.instanceName(), e);
    } finally {
      Thread.interrupted(); // close() may have interrupted a wait: the clean-up must not be
      settleOnClose();
      closeReader();
      lanes.close();
      Checkpoint high = rollbacks.highWater();
      lastCheckpoint.write(high != null ? high : progress.committed(), true);
      lease.release();
      if (!progress.isStopped()) {
        progress.state(DrainState.CLOSED);
      }
    }
  }

  private void step() {
    if (prefetcher == null) {
      if (permitted() && owning()) {
        prepare();
      }
      return;
    }
    if (pending == null) {
      pending = prefetcher.poll(lanes.inFlight() > 0 ? 1 : POLL_MILLIS);
      if (pending == null) {
        if (lanes.inFlight() > 0) {
          collect(true); // nothing new to hand over: book what the lanes finish
        } else {
          lastCheckpoint.write(progress.committed(), false); // idle: the last commits, for status
        }
        return;
      }
    }
    if (lanes.inFlight() > 0 && (lanes.full() || breaker.state() != BreakerState.CLOSED)) {
      // bounded skew; and while the breaker tests the database, one batch at a time
      collect(true);
      return;
    }
    if (permitted()) {
      submit(pending);
    }
  }

  /** Asks the breaker; while it is open, waits a little and answers false. */
  private boolean permitted() {
    if (breaker.tryAcquire()) {
      return true;
    }
    progress.state(DrainState.RETRYING);
    sleep(OPEN_POLL_MILLIS);
    return false;
  }

  /**
   * True when this drainer holds the spool's lease (taking it if free); otherwise waits as a
   * standby for about a second and answers false.
   */
  private boolean owning() {
    if (lease.held() && lease.stillHeld()) {
      return true;
    }
    long start = System.nanoTime();
    boolean acquired;
    try {
      acquired = lease.tryAcquire();
    } catch (SQLException | RuntimeException e) {
      failed("cannot take the drain lease of spool " + spool.id(), start, e);
      return false;
    }
    if (acquired) {
      if (standbySinceNanos >= 0) {
        log.info(
            "{}: took over draining spool {} after {} ms in STANDBY",
            settings.instanceName(),
            spool.id(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - standbySinceNanos));
        standbySinceNanos = -1;
      }
      progress.state(DrainState.CONNECTING);
      return true;
    }
    breaker.release(); // the permission was for a write that this drainer may not make
    standby();
    return false;
  }

  private void standby() {
    if (standbySinceNanos < 0) {
      standbySinceNanos = System.nanoTime();
      log.info(
          "{}: another drainer owns spool {}; waiting as STANDBY (polls every {} ms, takes over"
              + " when it stops)",
          settings.instanceName(),
          spool.id(),
          STANDBY_POLL_MILLIS);
    }
    failures.forget();
    try (Handle h = jdbi.open()) {
      Checkpoint cp = CheckpointStore.find(h, spool.id()); // the owner's progress, for status
      if (cp != null) {
        progress.committed(cp);
      }
    } catch (RuntimeException e) {
      // the schema may not exist yet; status shows the last known checkpoint meanwhile
    }
    progress.standby(); // after the owner's checkpoint: status in STANDBY shows its progress
    sleep(STANDBY_POLL_MILLIS);
  }

  /** Connects, migrates, reads the checkpoint and positions the reader. */
  private void prepare() {
    long start = System.nanoTime();
    try {
      // Flyway takes connections of its own: migrate before holding one here.
      if (settings.applySchema() && !schemaApplied) {
        Schema.migrate(dataSource, settings.instanceName());
        schemaApplied = true;
      }
    } catch (RuntimeException e) {
      failed("cannot apply the schema migrations", start, e);
      return;
    }
    String host = "";
    try (Handle h = jdbi.open()) {
      host = ServerHost.of(h.getConnection());
      Lanes.Prepared lanesAt = lanes.prepare(h, spool.id());
      Checkpoint cp = lanesAt.spool();
      h.useTransaction(
          tx ->
              partitions.ensure(
                  tx, Partitions.window(settings.clock(), settings.partitionDaysAhead())));
      committedCycles.checkStandby(h);
      progress.committed(cp);
      RollbackGuard.Resume resume = rollbacks.check(cp, lanesAt.seen(), lanesAt.rolledBack());
      if (resume == null) {
        haltOnLostRange(); // reported by the guard; re-checked like a configuration fault
        return;
      }
      pendingLost = resume.lost();
      if (pendingLost == 0) {
        progress.lostCounted();
      }
      if (cp.lastIndex() != resume.afterIndex() || pendingLost > 0) {
        committedCycles.reset();
      }
      prefetcher = new Prefetcher(spool, resume.afterIndex(), batchReader, settings.instanceName());
      breaker.success(System.nanoTime() - start);
      lastCheckpoint.write(cp, true);
      if (!batchFailing) {
        failures.succeeded(); // after a failed batch, only a committed batch proves recovery
      }
    } catch (DrainStoppedException e) {
      throw e;
    } catch (RuntimeException e) {
      failed("cannot start draining" + host, start, e);
    }
  }

  private void submit(Batch batch) {
    if (!lease.stillHeld()) {
      breaker.release(); // the permission was for a write that this drainer does not make
      if (settle()) {
        lostLease();
      }
      return;
    }
    long start = System.nanoTime();
    try {
      lanes.submit(batch, pendingLost, () -> committing = true);
      committing = true;
      pending = null;
      pendingLost = 0; // lane 0 counts it with its first part (or the failure path reads it again)
    } catch (DrainStoppedException e) {
      throw e;
    } catch (Exception e) {
      pending = null;
      committing = lanes.inFlight() > 0;
      if (settle()) {
        batchFailing = true;
        closeReader(); // making the day partitions failed: read the checkpoints again
        failed("cannot commit a batch of " + batch.size() + " events" + lanes.host(), start, e);
      }
      return;
    }
    // book the batches the lanes have finished, without waiting for the others
    while (lanes.oldestDone() && collect(false)) {
      // next one
    }
  }

  /** Closing: books the batches the lanes finish (a failure is only logged: nothing is retried). */
  private void settleOnClose() {
    try {
      settle();
    } catch (RuntimeException | Error e) {
      log.warn("{}: a batch in flight failed while closing", settings.instanceName(), e);
    }
  }

  /** Waits for every batch in flight and books it; false when one failed (and was dealt with). */
  private boolean settle() {
    while (lanes.inFlight() > 0) {
      if (!collect(true)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Books the oldest batch in flight once every lane is done with it (waiting for that when {@code
   * wait}); false when it failed, and then the failure is dealt with: no batch is in flight any
   * more and the reader is closed, so {@link #prepare} reads the lanes' checkpoints again.
   */
  private boolean collect(boolean wait) {
    Lanes.Committed done;
    try {
      done = lanes.next(wait);
    } catch (Lanes.BatchFailedException failure) {
      committing = false;
      Batch batch = failure.batch();
      pending = null;
      if (failure.getCause() instanceof CheckpointConflictException e) {
        stale(batch, e);
      } else if (failure.getCause() instanceof DrainStoppedException e) {
        throw e;
      } else {
        batchFailing = true;
        closeReader(); // re-read the checkpoint: the commit may have happened
        failed(
            "cannot commit a batch of " + batch.size() + " events" + lanes.host(),
            failure.startNanos(),
            (Exception) failure.getCause());
      }
      return false;
    }
    committing = lanes.inFlight() > 0;
    if (done != null) {
      book(done);
    }
    return true;
  }

  /** A batch committed on every lane: progress, breaker, metrics, log, checkpoint file. */
  private void book(Lanes.Committed done) {
    Checkpoint next = done.spool();
    progress.lostCounted();
    rollbacks.committed(next);
    long nanos = System.nanoTime() - done.startNanos();
    breaker.success(nanos);
    progress.committed(next);
    progress.batchCommitted(done.rows(), done.dead(), done.alreadyStored(), nanos);
    observer.batchCommitted(done.rows(), done.dead(), nanos);
    done.batch().logOutcome(log, settings.instanceName(), done.rejected(), done.alreadyStored());
    batchFailing = false;
    failures.succeeded();
    lastCheckpoint.redrained(progress.redrainedAfterRollback());
    lastCheckpoint.write(next, false);
    committedCycles.committed(next);
  }

  /** The checkpoint moved under this drainer: drop the batch, resume after where it is now. */
  private void stale(Batch batch, CheckpointConflictException e) {
    pending = null;
    closeReader();
    if (e.current() != null && lanes.count() == 1) {
      progress.committed(e.current()); // with several lanes, prepare() reads them all again
    }
    log.warn(
        "{}: {}; the batch of {} events up to index {} is stale: not written, nothing set aside;"
            + " resuming after the checkpoint",
        settings.instanceName(),
        e.getMessage(),
        batch.size(),
        batch.lastIndex);
  }

  private void lostLease() {
    pending = null;
    closeReader();
    lease.release();
    log.warn(
        "{}: lost the drain lease of spool {} (its PostgreSQL session ended); writes nothing until"
            + " it owns the spool again",
        settings.instanceName(),
        spool.id());
  }

  /** Halted on a lost range (SLUICE_ON_LOST_RANGE=halt): waits, then prepare() checks again. */
  private void haltOnLostRange() {
    breaker.release(); // the permission was for a write that this drainer does not make
    failures.halted();
    sleep(settings.fatalRetryInterval().toMillis());
  }

  private void failed(String what, long startNanos, Exception e) {
    partitions.forget();
    lanes.forgetPartitions();
    sleep(failures.failed(what, startNanos, e));
  }

  private void sleep(long millis) {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (running && System.nanoTime() < until) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(50, millis)));
    }
  }

  private void closeReader() {
    if (prefetcher != null) {
      prefetcher.close();
      prefetcher = null;
    }
  }

  /**
   * Stops after the batch in flight, waiting up to {@code timeout} for it; a drainer not in a batch
   * (waiting for a connection, backing off, in standby) is interrupted and waited for at most 2 s.
   * Releases the drain lease, so a standby takes over.
   */
  public void close(Duration timeout) {
    running = false;
    if (thread.isAlive()) {
      try {
        if (!committing) {
          thread.interrupt(); // e.g. HikariCP's wait for a connection while PostgreSQL is down
          thread.join(IDLE_STOP_WAIT.toMillis());
        }
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
          thread.interrupt();
          thread.join(IDLE_STOP_WAIT.toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    lease.release();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
