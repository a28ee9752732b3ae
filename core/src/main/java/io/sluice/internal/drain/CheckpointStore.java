package io.sluice.internal.drain;

import io.sluice.internal.db.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * Reads and advances checkpoints in {@code spool_checkpoints}. Advancing is a compare-and-set on
 * the previous index inside the batch's transaction: if another drainer moved it, the update
 * matches no row and the whole batch rolls back.
 *
 * <h2>Lanes</h2>
 *
 * A spool has one row per drain lane (primary key spool id + lane, migration V9); a spool drained
 * by one lane has only lane 0, the row it had before lanes existed. Each lane's compare-and-set
 * touches its own row only. A spool's progress as a whole ({@link #find}) is the lowest index over
 * its lanes (every record up to it is dealt with by every lane) with the counters summed (each
 * event is counted by the one lane that wrote, set aside or lost it). {@link #prepareLanes} creates
 * and re-shapes the rows when the number of lanes changes.
 */
public final class CheckpointStore {
  private static final String TABLE = Schema.NAME + ".spool_checkpoints";

  private static final String COLUMNS =
      "last_index, committed_events, dead_lettered_events, lost_events";

  /** The spool as a whole: lowest index, summed counters, over its lanes. */
  private static final String SPOOL_COLUMNS =
      "min(last_index), sum(committed_events)::bigint, sum(dead_lettered_events)::bigint,"
          + " sum(lost_events)::bigint";

  /** The lane of a spool drained by one lane, and the row of a spool from before lanes. */
  static final int FIRST_LANE = 0;

  private CheckpointStore() {}

  private static Checkpoint read(String spoolId, java.sql.ResultSet rs)
      throws java.sql.SQLException {
    return new Checkpoint(spoolId, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
  }

  /**
   * The checkpoint of {@code spoolId} as a whole (lowest index over its lanes, counters summed), or
   * {@code null} if no drainer ever started on it.
   */
  public static Checkpoint find(Handle h, String spoolId) {
    return h.createQuery(
            "SELECT "
                + SPOOL_COLUMNS
                + " FROM "
                + TABLE
                + " WHERE spool_id = :spoolId HAVING count(*) > 0")
        .bind("spoolId", spoolId)
        .map((rs, ctx) -> read(spoolId, rs))
        .findOne()
        .orElse(null);
  }

  /** The rows of {@code spoolId} by lane; empty if no drainer ever started on it. */
  static SortedMap<Integer, Checkpoint> lanes(Handle h, String spoolId) {
    return rows(h, spoolId, "");
  }

  /**
   * Makes {@code spoolId}'s rows exactly lanes {@code 0 .. lanes-1}, in one transaction, and
   * returns them (index = lane).
   *
   * <ul>
   *   <li>No rows: creates them all at "nothing committed".
   *   <li>Rows that all stand at one index (a spool drained before lanes existed has one row, lane
   *       0; any spool drained until empty): every new lane starts at that index, which is exact
   *       because every record up to it was dealt with; the counters of the lanes that go away are
   *       added to lane 0's, so the sums stay exact.
   *   <li>Rows at different indexes, in another number than {@code lanes}: a lane may have written
   *       records past another's index, so neither layout can resume without writing an event twice
   *       or skipping one. Refused (a configuration fault, re-checked by the drainer).
   * </ul>
   */
  static List<Checkpoint> prepareLanes(Handle h, String spoolId, int lanes) {
    return h.inTransaction(tx -> reshape(tx, spoolId, lanes));
  }

  private static List<Checkpoint> reshape(Handle h, String spoolId, int lanes) {
    SortedMap<Integer, Checkpoint> rows = rows(h, spoolId, " FOR UPDATE");
    if (rows.size() == lanes && rows.lastKey() == lanes - 1) {
      return new ArrayList<>(rows.values());
    }
    long index = rows.isEmpty() ? Checkpoint.NONE : rows.get(rows.firstKey()).lastIndex();
    for (Checkpoint cp : rows.values()) {
      if (cp.lastIndex() != index) {
        throw new IllegalStateException(
            "Cannot drain spool "
                + spoolId
                + " with "
                + lanes
                + " lane(s): its "
                + rows.size()
                + " lane checkpoints stand at different indexes "
                + indexes(rows)
                + " (expected one index to re-shape them). Set SLUICE_DRAIN_LANES back to "
                + rows.size()
                + " and drain until empty, then change it");
      }
    }
    long committed = 0;
    long dead = 0;
    long lost = 0;
    for (Checkpoint cp : rows.values()) {
      committed += cp.committedEvents();
      dead += cp.deadLetteredEvents();
      lost += cp.lostEvents();
    }
    h.createUpdate("DELETE FROM " + TABLE + " WHERE spool_id = :spoolId")
        .bind("spoolId", spoolId)
        .execute();
    List<Checkpoint> result = new ArrayList<>(lanes);
    for (int lane = 0; lane < lanes; lane++) {
      Checkpoint cp =
          lane == FIRST_LANE
              ? new Checkpoint(spoolId, index, committed, dead, lost)
              : new Checkpoint(spoolId, index, 0, 0, 0);
      h.createUpdate(
              "INSERT INTO "
                  + TABLE
                  + " (spool_id, lane, last_index, committed_events, dead_lettered_events,"
                  + " lost_events) VALUES (:spoolId, :lane, :index, :committed, :dead, :lost)")
          .bind("spoolId", spoolId)
          .bind("lane", lane)
          .bind("index", index)
          .bind("committed", cp.committedEvents())
          .bind("dead", cp.deadLetteredEvents())
          .bind("lost", cp.lostEvents())
          .execute();
      result.add(cp);
    }
    return result;
  }

  private static SortedMap<Integer, Checkpoint> rows(Handle h, String spoolId, String lock) {
    SortedMap<Integer, Checkpoint> rows = new TreeMap<>();
    h.createQuery(
            "SELECT lane, "
                + COLUMNS
                + " FROM "
                + TABLE
                + " WHERE spool_id = :spoolId ORDER BY lane"
                + lock)
        .bind("spoolId", spoolId)
        .map(
            (rs, ctx) ->
                Map.entry(
                    rs.getInt(1),
                    new Checkpoint(
                        spoolId, rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5))))
        .forEach(e -> rows.put(e.getKey(), e.getValue()));
    return rows;
  }

  private static String indexes(SortedMap<Integer, Checkpoint> rows) {
    StringBuilder b = new StringBuilder("{");
    rows.forEach(
        (lane, cp) ->
            b.append(b.length() > 1 ? ", " : "").append(lane).append('=').append(cp.lastIndex()));
    return b.append('}').toString();
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
    lockAt(h, FIRST_LANE, expected);
  }

  /** {@link #lockAt(Handle, Checkpoint)} on the row of {@code lane}. */
  static void lockAt(Handle h, int lane, Checkpoint expected) {
    Checkpoint current =
        h.createQuery(
                "SELECT "
                    + COLUMNS
                    + " FROM "
                    + TABLE
                    + " WHERE spool_id = :spoolId AND lane = :lane FOR UPDATE")
            .bind("spoolId", expected.spoolId())
            .bind("lane", lane)
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
    return advance(h, FIRST_LANE, previous, lastIndex, committed, deadLettered, lost);
  }

  /** {@link #advance(Handle, Checkpoint, long, int, int, long)} on the row of {@code lane}. */
  static Checkpoint advance(
      Handle h,
      int lane,
      Checkpoint previous,
      long lastIndex,
      int committed,
      int deadLettered,
      long lost) {
    int updated =
        h.createUpdate(
                "UPDATE "
                    + TABLE
                    + " SET last_index = :lastIndex,"
                    + " committed_events = committed_events + :committed,"
                    + " dead_lettered_events = dead_lettered_events + :dead,"
                    + " lost_events = lost_events + :lost, updated_at = now()"
                    + " WHERE spool_id = :spoolId AND lane = :lane AND last_index = :previous")
            .bind("lastIndex", lastIndex)
            .bind("committed", (long) committed)
            .bind("dead", (long) deadLettered)
            .bind("lost", lost)
            .bind("spoolId", previous.spoolId())
            .bind("lane", lane)
            .bind("previous", previous.lastIndex())
            .execute();
    if (updated != 1) {
      throw conflict(previous, lanes(h, previous.spoolId()).get(lane));
    }
    return previous.advancedTo(lastIndex, committed, deadLettered, lost);
  }
}
