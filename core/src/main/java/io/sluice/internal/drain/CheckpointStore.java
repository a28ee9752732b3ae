package io.sluice.internal.drain;

import io.sluice.internal.db.Schema;
import org.jdbi.v3.core.Handle;

/**
 * Reads and advances checkpoints in {@code spool_checkpoints}. Advancing is a compare-and-set on
 * the previous index inside the batch's transaction: if another drainer moved it, the update
 * matches no row and the whole batch rolls back.
 */
public final class CheckpointStore {
  private static final String TABLE = Schema.NAME + ".spool_checkpoints";

  private static final String COLUMNS =
      "last_index, committed_events, dead_lettered_events, lost_events";

  private CheckpointStore() {}

  private static Checkpoint read(String spoolId, java.sql.ResultSet rs)
      throws java.sql.SQLException {
    return new Checkpoint(spoolId, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
  }

  /** The checkpoint of {@code spoolId}, creating it at "nothing committed" when absent. */
  public static Checkpoint loadOrCreate(Handle h, String spoolId) {
    h.createUpdate(
            "INSERT INTO "
                + TABLE
                + " (spool_id, last_index) VALUES (:spoolId, :none)"
                + " ON CONFLICT (spool_id) DO NOTHING")
        .bind("spoolId", spoolId)
        .bind("none", Checkpoint.NONE)
        .execute();
    Checkpoint cp = find(h, spoolId);
    if (cp == null) {
      throw new IllegalStateException("checkpoint row for spool " + spoolId + " vanished");
    }
    return cp;
  }

  /** The checkpoint of {@code spoolId}, or {@code null} if no drainer ever started on it. */
  public static Checkpoint find(Handle h, String spoolId) {
    return h.createQuery("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE spool_id = :spoolId")
        .bind("spoolId", spoolId)
        .map((rs, ctx) -> read(spoolId, rs))
        .findOne()
        .orElse(null);
  }

  /**
   * Locks the checkpoint row of {@code expected}'s spool for the rest of the transaction and checks
   * it is still at {@code expected}: the compare of the compare-and-set, done first, so that no
   * other drainer can move it before this transaction commits, and a stale batch is known before
   * any row is written or any dead letter set aside.
   *
   * @throws CheckpointConflictException if it moved (carrying where it is now)
   */
  static void lockAt(Handle h, Checkpoint expected) {
    Checkpoint current =
        h.createQuery(
                "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE spool_id = :spoolId FOR UPDATE")
            .bind("spoolId", expected.spoolId())
            .map((rs, ctx) -> read(expected.spoolId(), rs))
            .findOne()
            .orElse(null);
    if (current == null || current.lastIndex() != expected.lastIndex()) {
      throw conflict(expected, current);
    }
  }

  private static CheckpointConflictException conflict(Checkpoint expected, Checkpoint current) {
    return new CheckpointConflictException(
        "Checkpoint of spool "
            + expected.spoolId()
            + " is no longer at index "
            + expected.lastIndex()
            + (current == null ? " (its row is gone)" : " but at " + current.lastIndex())
            + ": another drainer (or a restore) moved it",
        current);
  }

  /**
   * Moves the checkpoint from {@code previous} to {@code lastIndex}, adding {@code committed} rows,
   * {@code deadLettered} set-aside events and {@code lost} events of a range already deleted.
   *
   * @throws CheckpointConflictException if the stored index is no longer {@code previous}
   */
  static Checkpoint advance(
      Handle h, Checkpoint previous, long lastIndex, int committed, int deadLettered, long lost) {
    int updated =
        h.createUpdate(
                "UPDATE "
                    + TABLE
                    + " SET last_index = :lastIndex,"
                    + " committed_events = committed_events + :committed,"
                    + " dead_lettered_events = dead_lettered_events + :dead,"
                    + " lost_events = lost_events + :lost, updated_at = now()"
                    + " WHERE spool_id = :spoolId AND last_index = :previous")
            .bind("lastIndex", lastIndex)
            .bind("committed", (long) committed)
            .bind("dead", (long) deadLettered)
            .bind("lost", lost)
            .bind("spoolId", previous.spoolId())
            .bind("previous", previous.lastIndex())
            .execute();
    if (updated != 1) {
      throw conflict(previous, find(h, previous.spoolId()));
    }
    return previous.advancedTo(lastIndex, committed, deadLettered, lost);
  }
}
