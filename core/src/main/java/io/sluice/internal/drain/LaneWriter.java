package io.sluice.internal.drain;

import io.sluice.internal.db.Partitions;
import io.sluice.internal.db.ServerHost;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Commits one lane's part of a batch in one transaction on its own connection: the compare of the
 * lane's checkpoint row, the rows ({@link BatchWriter}), the set-aside records and the advance of
 * that row, so the lane's rows and its checkpoint commit together (see {@link DrainLanes}).
 *
 * <p>Each lane has its own writer (its COPY encoder and its metric rollups: metrics are in one lane
 * only, so the rollups have one writer) and its own partition cache. One thread at a time per lane;
 * lanes run on different threads, so what they share is guarded: the dead-letter spool and the
 * connection retirement count are used under their own monitors.
 */
final class LaneWriter {
  /**
   * What a lane's commit did.
   *
   * @param next the lane's checkpoint after the commit
   * @param rows events committed as rows (including those found already stored)
   * @param dead events set aside (rejected by PostgreSQL, damaged or expired)
   * @param rejected the rows PostgreSQL rejected
   * @param alreadyStored events whose row was already stored
   */
  record Outcome(
      Checkpoint next, int rows, int dead, List<Rejection> rejected, int alreadyStored) {}

  private final int lane;
  private final Jdbi jdbi;
  private final DrainSettings settings;
  private final DeadLetterSpool deadLetters;
  private final ConnectionRetirement retirement;
  private final java.nio.file.Path spoolDirectory;
  private final Partitions partitions;
  private final BatchWriter writer;

  /** The server this lane's last transaction reached, for error messages. */
  private volatile String host = "";

  /** The lane's checkpoint: set by {@link #reset}, then moved by the lane's own thread only. */
  private volatile Checkpoint at;

  /** A commit of this lane failed since the last {@link #reset}: its later parts are skipped. */
  private volatile boolean broken;

  LaneWriter(
      int lane,
      Jdbi jdbi,
      DrainSettings settings,
      DeadLetterSpool deadLetters,
      ConnectionRetirement retirement,
      java.nio.file.Path spoolDirectory,
      Partitions partitions) {
    this.lane = lane;
    this.jdbi = jdbi;
    this.settings = settings;
    this.deadLetters = deadLetters;
    this.retirement = retirement;
    this.spoolDirectory = spoolDirectory;
    this.partitions = partitions;
    this.writer = new BatchWriter(partitions);
  }

  int lane() {
    return lane;
  }

  /** {@code " on host:port"} of the last transaction, or {@code ""} ({@link ServerHost}). */
  String host() {
    return host;
  }

  /** The lane's checkpoint as of its last commit. */
  Checkpoint at() {
    return at;
  }

  /**
   * Starts again from {@code checkpoint}, read from PostgreSQL (no part of this lane in flight).
   */
  void reset(Checkpoint checkpoint) {
    at = checkpoint;
    broken = false;
  }

  /**
   * Commits this lane's part of {@code batch} (its kinds' records after its checkpoint; see {@link
   * DrainLanes#part}), adding {@code lost} lost events. Runs on the lane's thread, one batch after
   * the other in the order the drainer read them.
   *
   * <p>A part without records still commits the lane's checkpoint at the batch's last index: so
   * once a batch is done every lane stands at its last index, and the spool's checkpoint (lowest
   * index, counters summed) counts exactly the events up to that index, which keeps {@code appended
   * = committed + ... + backlog} exact in status.
   *
   * @throws SkippedException when an earlier part of this lane failed and it was not yet reset
   */
  Outcome commitPart(Batch batch, int lanes, long lost, Clock clock) throws Exception {
    if (broken) {
      throw new SkippedException(lane);
    }
    Checkpoint previous = at;
    Batch part = DrainLanes.part(batch, lane, lanes, previous.lastIndex());
    if (part == null && lost > 0) {
      part = new Batch(0); // the lane is past this batch: count the lost events alone
      part.lastIndex = previous.lastIndex();
    }
    if (part == null) {
      return new Outcome(previous, 0, 0, List.of(), 0);
    }
    try {
      return commit(part, previous, lost, clock, () -> {});
    } catch (Exception | Error e) {
      broken = true;
      throw e;
    }
  }

  /** A lane's part not tried because an earlier part of the lane failed. */
  static final class SkippedException extends Exception {
    private static final long serialVersionUID = 1L;

    SkippedException(int lane) {
      super("lane " + lane + " skipped this batch after an earlier failure", null, false, false);
    }
  }

  /** Forgets the partitions it made, after a failed transaction may have rolled them back. */
  void forgetPartitions() {
    partitions.forget();
  }

  /**
   * Commits {@code batch} (this lane's records and set-aside records) and moves the lane's
   * checkpoint from {@code previous} to the batch's last index, adding {@code lost} lost events;
   * that is then {@link #at()}. Calls {@code connected} once it holds a connection.
   *
   * @throws CheckpointConflictException if the lane's checkpoint is no longer at {@code previous}
   * @throws Exception any other failure; then nothing of this lane's batch committed, or (a COMMIT
   *     with an unknown outcome) the checkpoint read back tells
   */
  Outcome commit(Batch batch, Checkpoint previous, long lost, Clock clock, Runnable connected)
      throws Exception {
    try (Handle h = jdbi.open()) {
      host = ServerHost.of(h.getConnection());
      connected.run();
      h.begin();
      if (settings.replicated()) {
        h.execute("SET LOCAL synchronous_commit = remote_apply"); // see CommitDurability
      }
      CheckpointStore.lockAt(h, lane, previous);
      BatchWriter.Written written =
          writer.write(h, batch.records, tx -> CheckpointStore.lockAt(tx, lane, previous));
      List<Rejection> rejected = written.rejected();
      // Events found already stored count as committed: their row exists, once (README).
      int rows = batch.records.size() - rejected.size();
      int dead = rejected.size() + batch.setAside.size();
      Checkpoint next =
          CheckpointStore.advance(h, lane, previous, batch.lastIndex, rows, dead, lost);
      // Only now, with the compare-and-set done and the checkpoint row locked until COMMIT.
      synchronized (deadLetters) {
        deadLetters.appendOrStop(batch, rejected, Instant.now(clock), spoolDirectory);
      }
      h.commit();
      at = next;
      synchronized (retirement) {
        retirement.afterBatch(h.getConnection());
      }
      return new Outcome(next, rows, dead, rejected, written.alreadyStored());
    }
  }
}
