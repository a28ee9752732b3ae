package io.sluice.internal.drain;

import com.zaxxer.hikari.HikariDataSource;
import io.sluice.BreakerState;
import io.sluice.internal.breaker.DatabaseBreaker;
import io.sluice.internal.codec.CorruptRecordException;
import io.sluice.EventKind;
import io.sluice.internal.codec.EventDecoder;
import io.sluice.internal.codec.SpooledEvent;
import io.sluice.internal.ops.DrainObserver;
import io.sluice.internal.ops.RetentionPolicy;
import java.time.LocalDate;
import io.sluice.spool.Spool;
import io.sluice.spool.SpoolCleanup;
import io.sluice.spool.SpoolReader;
import io.sluice.spool.SpoolRecord;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
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
 * <h2>Delivery</h2>
 *
 * A batch's rows and the checkpoint (index of the batch's last spool record) commit together. On
 * (re)start, and after any failed batch, the drainer re-reads the checkpoint from PostgreSQL and
 * resumes just after it. So a batch whose COMMIT failed with an unknown outcome is neither lost
 * nor written twice: if it committed, the checkpoint says so.
 *
 * <h2>Failure</h2>
 *
 * Errors are classed by SQLSTATE ({@link ErrorClass}). Transient ones are retried with
 * exponential backoff and jitter (100 ms doubling to 30 s) and counted by the circuit breaker;
 * while it is open nothing is written and events stay spooled. Rows PostgreSQL rejects are
 * isolated and set aside in the {@link DeadLetterSpool}; the rest of their batch commits.
 * Configuration faults stop writing (state {@link DrainState#HALTED_FATAL}) and are re-checked
 * every {@code fatalRetryInterval}, so fixing the database resumes draining without a restart. A
 * damaged spool record is set aside too, or stops the drainer in strict mode. So is an event
 * recorded on a day already past its kind's retention (reason {@code EXPIRED}): its partition was
 * or is about to be dropped, and retrying it could never succeed.
 *
 * <h2>Concurrency</h2>
 *
 * One thread, started by {@link #start()}. Other threads read progress through {@link
 * DrainProgress}. {@link #close()} lets the batch in flight finish, then stops.
 */
public final class Drainer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Drainer.class);
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long MIN_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 30_000;
  private static final long OPEN_POLL_MILLIS = 250;
  private static final long CLEANUP_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final Spool spool;
  private final Jdbi jdbi;
  private final HikariDataSource dataSource;
  private final DrainSettings settings;
  private final DeadLetterSpool deadLetters;
  private final DatabaseBreaker breaker;
  private final DrainProgress progress;
  private final DrainObserver observer;
  private final RetentionPolicy retention;
  private final Partitions partitions = new Partitions();
  private final BatchWriter writer = new BatchWriter(partitions);
  private final EventDecoder decoder = new EventDecoder();
  private final ConnectionRetirement retirement;
  private final Thread thread;

  private volatile boolean running;
  private boolean schemaApplied;
  private SpoolReader reader;
  private Batch pending;
  private int failuresInARow;
  private boolean batchFailing;
  private long lastCleanupNanos = System.nanoTime();

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
    this.retention = retention;
    this.deadLetters = deadLetters;
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
    this.retirement = new ConnectionRetirement(dataSource, settings.maxQueriesPerConnection());
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
    } catch (StopException e) {
      progress.stopped(e.getMessage());
      log.error("{}: draining stopped: {}", settings.instanceName(), e.getMessage(), e.getCause());
    } catch (RuntimeException | Error e) {
      progress.stopped("unexpected failure: " + e);
      log.error("{}: draining stopped by an unexpected failure", settings.instanceName(), e);
    } finally {
      closeReader();
      if (!progress.isStopped()) {
        progress.state(DrainState.CLOSED);
      }
    }
  }

  private void step() {
    if (reader == null) {
      if (permitted()) {
        prepare();
      }
      return;
    }
    if (pending == null) {
      pending = fill();
      if (pending.isEmpty()) {
        pending = null;
        return;
      }
    }
    if (permitted()) {
      commit(pending);
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
    try (Handle h = jdbi.open()) {
      Checkpoint cp = CheckpointStore.loadOrCreate(h, spool.id());
      h.useTransaction(
          tx -> partitions.ensure(tx, Partitions.window(settings.clock(), settings.partitionDaysAhead())));
      SpoolReader r = spool.reader();
      if (cp.lastIndex() != Checkpoint.NONE) {
        try {
          r.seekAfter(cp.lastIndex());
        } catch (RuntimeException e) {
          r.close();
          throw new StopException(e.getMessage(), e);
        }
      }
      reader = r;
      breaker.success(System.nanoTime() - start);
      progress.committed(cp);
      if (!batchFailing) {
        succeeded(); // after a failed batch, only a committed batch proves recovery
      }
    } catch (StopException e) {
      throw e;
    } catch (RuntimeException e) {
      failed("cannot start draining", start, e);
    }
  }

  private Batch fill() {
    Batch batch = new Batch(settings.maxBatchEvents());
    Instant now = Instant.now(settings.clock());
    long deadline = 0;
    while (running && batch.size() < settings.maxBatchEvents()) {
      SpoolRecord record = reader.next();
      if (record == null) {
        boolean idle = batch.isEmpty();
        if (!idle && System.nanoTime() - deadline >= 0) {
          return batch;
        }
        LockSupport.parkNanos(IDLE_PARK_NANOS);
        if (idle) {
          return batch; // back to the loop, which checks whether to stop
        }
        continue;
      }
      if (batch.isEmpty()) {
        deadline = System.nanoTime() + settings.flushInterval().toNanos();
      }
      try {
        SpooledEvent event = decoder.decode(record.payload());
        LocalDate day = Partitions.dayOf(SpooledEvent.recordedAtMillis(event.id()));
        if (retention.isExpired(event.event().kind(), day, now)) {
          batch.setAside.add(expired(record, event, day, now));
        } else {
          batch.records.add(new DrainedRecord(record.index(), record.payload(), event));
        }
      } catch (CorruptRecordException e) {
        batch.setAside.add(damaged(record, e));
      }
      batch.lastIndex = record.index();
    }
    return batch;
  }

  /**
   * An event recorded on a day already past its kind's retention: writing it would re-create a
   * dropped partition (or fail on a missing one forever), so it is set aside, never retried.
   */
  private DeadLetter expired(SpoolRecord record, SpooledEvent event, LocalDate day, Instant now) {
    EventKind kind = event.event().kind();
    return new DeadLetter(DeadLetter.Reason.EXPIRED, record.index(), null,
        kind.displayName() + " recorded on " + day + " is older than its retention of "
            + retention.retentionDays(kind) + " days", 1, now, record.payload());
  }

  private DeadLetter damaged(SpoolRecord record, CorruptRecordException e) {
    String what =
        "Spool record " + record.index() + " in " + spool.directory() + " is damaged: " + e.getMessage();
    if (settings.strictSpool()) {
      throw new StopException(what + ". Strict mode: draining stopped; inspect it with `sluice verify`.", e);
    }
    log.error("{}: {}; setting it aside in {}", settings.instanceName(), what, DeadLetterSpool.FOLDER);
    return new DeadLetter(DeadLetter.Reason.DAMAGED, record.index(), null, e.getMessage(), 1,
        Instant.now(settings.clock()), record.payload());
  }

  private void commit(Batch batch) {
    long start = System.nanoTime();
    try (Handle h = jdbi.open()) {
      h.begin();
      List<Rejection> rejected = write(h, batch);
      setAside(batch.setAside, rejected);
      int dead = rejected.size() + batch.setAside.size();
      Checkpoint next =
          CheckpointStore.advance(h, progress.committed(), batch.lastIndex, batch.records.size() - rejected.size(), dead);
      h.commit();
      pending = null;
      breaker.success(System.nanoTime() - start);
      progress.committed(next);
      long nanos = System.nanoTime() - start;
      progress.batchCommitted(batch.records.size() - rejected.size(), dead, nanos);
      observer.batchCommitted(batch.records.size() - rejected.size(), dead, nanos);
      if (!batch.setAside.isEmpty()) {
        log.warn("{}: set aside {} damaged or expired event(s) in {}",
            settings.instanceName(), batch.setAside.size(), DeadLetterSpool.FOLDER);
      }
      if (!rejected.isEmpty()) {
        log.warn("{}: PostgreSQL rejected {} event(s) (first: SQLSTATE {}); set aside in {}",
            settings.instanceName(), rejected.size(), rejected.get(0).error().getSQLState(), DeadLetterSpool.FOLDER);
      }
      retirement.afterBatch(h.getConnection());
      batchFailing = false;
      succeeded();
      deleteCommittedCycles(next.lastIndex());
    } catch (CheckpointConflictException e) {
      throw new StopException(e.getMessage(), e);
    } catch (Exception e) {
      pending = null;
      batchFailing = true;
      closeReader(); // re-read the checkpoint: the commit may have happened
      failed("cannot commit a batch of " + batch.size() + " events", start, e);
    }
  }

  /**
   * Appends the batch's dead letters in spool order, before the commit that counts them: the
   * dead-letter spool skips indexes it already holds, so a retried batch adds none twice.
   */
  private void setAside(List<DeadLetter> damaged, List<Rejection> rejected) {
    List<DeadLetter> letters = new ArrayList<>(damaged);
    Instant now = Instant.now(settings.clock());
    for (Rejection r : rejected) {
      letters.add(new DeadLetter(DeadLetter.Reason.REJECTED, r.record().index(),
          r.error().getSQLState(), r.error().getMessage(), r.attempts(), now, r.record().raw()));
    }
    letters.sort(java.util.Comparator.comparingLong(DeadLetter::spoolIndex));
    for (DeadLetter letter : letters) {
      deadLetters.append(letter);
    }
  }

  /**
   * Deletes the spool's cycle files that hold only committed records, at most every 5 s. Driven by
   * the committed checkpoint, never by Chronicle's file callbacks.
   */
  private void deleteCommittedCycles(long committedIndex) {
    if (System.nanoTime() - lastCleanupNanos < CLEANUP_EVERY_NANOS) {
      return;
    }
    lastCleanupNanos = System.nanoTime();
    try {
      SpoolCleanup cleanup = spool.deleteCyclesBefore(committedIndex);
      if (cleanup.files() > 0) {
        log.info("{}: deleted {} committed cycle file(s) of {} events, {} bytes",
            settings.instanceName(), cleanup.files(), cleanup.records(), cleanup.bytes());
      }
    } catch (RuntimeException e) {
      log.warn("{}: cannot delete committed cycle files: {}", settings.instanceName(), e.getMessage());
    }
  }

  /** COPYs the batch; when PostgreSQL rejects rows, retries isolating them. */
  private List<Rejection> write(Handle h, Batch batch) throws SQLException {
    List<Rejection> rejected = new ArrayList<>();
    writer.ensurePartitions(h, batch.records);
    try {
      writer.copyAll(h, batch.records);
    } catch (SQLException e) {
      if (ErrorClass.classify(e) != ErrorClass.POISON) {
        throw e;
      }
      h.rollback();
      partitions.forget();
      h.begin();
      writer.ensurePartitions(h, batch.records);
      writer.writeIsolating(h, batch.records, rejected, 1);
    }
    return rejected;
  }

  private void failed(String what, long startNanos, Exception e) {
    partitions.forget();
    breaker.failure(System.nanoTime() - startNanos, e);
    observer.batchFailed(System.nanoTime() - startNanos);
    failuresInARow++;
    ErrorClass kind = ErrorClass.classify(e);
    String message = settings.instanceName() + ": " + what + ": " + describe(e);
    progress.failed(message, kind);
    if (kind == ErrorClass.TRANSIENT) {
      if (failuresInARow == 1) {
        log.warn("{}; events stay in the spool and will be retried", message);
      }
      long backoff = Math.min(MAX_BACKOFF_MILLIS, MIN_BACKOFF_MILLIS << Math.min(failuresInARow - 1, 20));
      sleep(backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
    } else {
      if (failuresInARow == 1 || progress.state() != DrainState.HALTED_FATAL) {
        log.error("{}. This is a configuration fault: fix the database, Sluice re-checks every {};"
            + " events stay in the spool meanwhile", message, settings.fatalRetryInterval());
      }
      progress.state(DrainState.HALTED_FATAL);
      sleep(settings.fatalRetryInterval().toMillis());
    }
  }

  private void succeeded() {
    if (failuresInARow > 0) {
      log.info("{}: draining again after {} failed attempt(s)", settings.instanceName(), failuresInARow);
    }
    failuresInARow = 0;
    progress.recovered();
  }

  /** One line naming the SQLSTATE when there is one; never the password (pgjdbc does not echo it). */
  static String describe(Throwable e) {
    SQLException server = ErrorClass.firstWithState(e);
    if (server != null) {
      return "SQLSTATE " + server.getSQLState() + ": " + firstLine(String.valueOf(server.getMessage()));
    }
    return firstLine(String.valueOf(e.getMessage() == null ? e : e.getMessage()));
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private void sleep(long millis) {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (running && System.nanoTime() < until) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(50, millis)));
    }
  }

  private void closeReader() {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }

  /** Stops after the batch in flight; waits up to {@code timeout}. */
  public void close(Duration timeout) {
    running = false;
    if (thread.isAlive()) {
      try {
        thread.join(timeout.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  private static final class Batch {
    final List<DrainedRecord> records;
    /** Damaged and expired records of this batch, set aside when it commits. */
    final List<DeadLetter> setAside = new ArrayList<>();
    long lastIndex = -1;

    Batch(int capacity) {
      records = new ArrayList<>(Math.min(capacity, 16_384));
    }

    int size() {
      return records.size() + setAside.size();
    }

    boolean isEmpty() {
      return size() == 0;
    }
  }

  private static final class StopException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StopException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
