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

  private CheckpointStore() {}

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
    return h.createQuery(
            "SELECT last_index, committed_events, dead_lettered_events FROM "
                + TABLE
                + " WHERE spool_id = :spoolId")
        .bind("spoolId", spoolId)
        .map((rs, ctx) -> new Checkpoint(spoolId, rs.getLong(1), rs.getLong(2), rs.getLong(3)))
        .findOne()
        .orElse(null);
  }

  /**
   * Moves the checkpoint from {@code previous} to {@code lastIndex}, adding {@code committed} rows
   * and {@code deadLettered} set-aside events.
   *
   * @throws CheckpointConflictException if the stored index is no longer {@code previous}
   */
  static Checkpoint advance(
      Handle h, Checkpoint previous, long lastIndex, int committed, int deadLettered) {
    int updated =
        h.createUpdate(
                "UPDATE "
                    + TABLE
                    + " SET last_index = :lastIndex,"
                    + " committed_events = committed_events + :committed,"
                    + " dead_lettered_events = dead_lettered_events + :dead, updated_at = now()"
                    + " WHERE spool_id = :spoolId AND last_index = :previous")
            .bind("lastIndex", lastIndex)
            .bind("committed", (long) committed)
            .bind("dead", (long) deadLettered)
            .bind("spoolId", previous.spoolId())
            .bind("previous", previous.lastIndex())
            .execute();
    if (updated != 1) {
      throw new CheckpointConflictException(
          "Checkpoint of spool "
              + previous.spoolId()
              + " is no longer at index "
              + previous.lastIndex()
              + ": another drainer is draining this spool. Run one"
              + " drainer per spool.");
    }
    return previous.advancedTo(lastIndex, committed, deadLettered);
  }
}
