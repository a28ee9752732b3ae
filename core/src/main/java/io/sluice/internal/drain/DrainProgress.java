package io.sluice.internal.drain;

import io.sluice.internal.db.ErrorClass;
import io.sluice.model.BreakerState;
import io.sluice.spool.Spool;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The drainer's progress and state, written by the drainer thread and read by any thread (status,
 * health, metrics). Thread-safe: volatile fields and atomics.
 */
public final class DrainProgress {
  private final Spool spool;
  private final Clock clock;
  private final Instant startedAt;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong commitNanos = new AtomicLong();
  private final AtomicLong eventsCommittedHere = new AtomicLong();
  private final AtomicLong alreadyStored = new AtomicLong();
  private volatile Checkpoint committed;
  private volatile DrainState state = DrainState.CONNECTING;
  private volatile BreakerState breakerState = BreakerState.CLOSED;
  private volatile String lastError;
  private volatile Instant lastErrorAt;
  private volatile ErrorClass lastErrorClass;
  private volatile long recoveryAttempts;
  private final AtomicLong redrained = new AtomicLong();
  private final AtomicLong rollbacks = new AtomicLong();
  private volatile long pendingLost;
  private volatile String lostRange;

  DrainProgress(Spool spool, Clock clock) {
    this.spool = spool;
    this.redrained.set(LastCheckpointFile.readRedrained(spool.directory(), spool.id()));
    this.clock = clock;
    this.startedAt = Instant.now(clock);
  }

  /** The last committed checkpoint, or {@code null} before the drainer first reached PostgreSQL. */
  public Checkpoint committed() {
    return committed;
  }

  /** Spool records not yet committed or set aside, or -1 while the checkpoint is unknown. */
  public long backlog() {
    Checkpoint cp = committed;
    return cp == null
        ? -1
        : spool.countAfter(cp.lastIndex()) - spool.unreadableAfter(cp.lastIndex());
  }

  public DrainState state() {
    return state;
  }

  public boolean isStopped() {
    return state == DrainState.STOPPED;
  }

  public BreakerState breakerState() {
    return breakerState;
  }

  /** The last failure's one-line message (never a password), or {@code null} after a success. */
  public String lastError() {
    return lastError;
  }

  /** When the last failure happened (kept after recovery), or {@code null}. */
  public Instant lastErrorAt() {
    return lastErrorAt;
  }

  public ErrorClass lastErrorClass() {
    return lastErrorClass;
  }

  /** Failed attempts since the last success. */
  public long recoveryAttempts() {
    return recoveryAttempts;
  }

  public long batches() {
    return batches.get();
  }

  public long failures() {
    return failures.get();
  }

  public long eventsCommittedSinceStart() {
    return eventsCommittedHere.get();
  }

  /**
   * Events this process found already stored in PostgreSQL (counted as committed, not written
   * again, not dead-lettered).
   */
  public long alreadyStoredSinceStart() {
    return alreadyStored.get();
  }

  public long commitNanosTotal() {
    return commitNanos.get();
  }

  public Instant startedAt() {
    return startedAt;
  }

  void committed(Checkpoint cp) {
    committed = cp;
  }

  /**
   * Events re-drained because the database's checkpoint came back behind what this spool saw
   * committed (failover, restore), ever (kept in {@link LastCheckpointFile}).
   */
  public long redrainedAfterRollback() {
    return redrained.get();
  }

  /** Rollbacks of the checkpoint seen since start. */
  public long rollbacks() {
    return rollbacks.get();
  }

  /**
   * Events lost: those counted in the checkpoint, plus a lost range found but not yet counted there
   * (halted, or before the first batch after it commits).
   */
  public long lostEvents() {
    Checkpoint cp = committed;
    return (cp == null ? 0 : cp.lostEvents()) + pendingLost;
  }

  /** The last lost range found ("after index A up to index B (exclusive)"), or {@code null}. */
  public String lostRange() {
    return lostRange;
  }

  void rolledBack(long events) {
    rollbacks.incrementAndGet();
    redrained.addAndGet(Math.max(0, events));
  }

  void lostRange(long events, String range) {
    pendingLost = events;
    lostRange = range;
  }

  /** The pending lost range is now counted in the committed checkpoint. */
  void lostCounted() {
    pendingLost = 0;
  }

  void haltedOnLostRange(String message) {
    state(DrainState.HALTED_FATAL);
    failures.incrementAndGet();
    lastErrorClass = ErrorClass.FATAL;
    lastErrorAt = Instant.now(clock);
    lastError = message;
  }

  void batchCommitted(int rows, int deadLettered, int stored, long nanos) {
    batches.incrementAndGet();
    alreadyStored.addAndGet(stored);
    eventsCommittedHere.addAndGet(rows);
    commitNanos.addAndGet(nanos);
  }

  void state(DrainState s) {
    if (state != DrainState.STOPPED) {
      state = s;
    }
  }

  void failed(String message, ErrorClass kind) {
    // State first: a reader that sees the new error also sees the state it belongs to.
    state(kind == ErrorClass.TRANSIENT ? DrainState.RETRYING : DrainState.HALTED_FATAL);
    failures.incrementAndGet();
    recoveryAttempts++;
    lastErrorClass = kind;
    lastErrorAt = Instant.now(clock);
    lastError = message;
  }

  void recovered() {
    recoveryAttempts = 0;
    lastError = null;
    lastErrorClass = null;
    state(DrainState.DRAINING);
  }

  /** Waiting as a standby: the database answers, so no error stands. */
  void standby() {
    recoveryAttempts = 0;
    lastError = null;
    lastErrorClass = null;
    state(DrainState.STANDBY);
  }

  void stopped(String message) {
    lastError = message;
    lastErrorAt = Instant.now(clock);
    state = DrainState.STOPPED;
  }

  void breakerMovedTo(BreakerState s) {
    breakerState = s;
  }
}
