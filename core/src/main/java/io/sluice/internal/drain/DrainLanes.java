package io.sluice.internal.drain;

import io.sluice.model.DeadLetter;
import io.sluice.model.EventKind;

/**
 * Which drain lane writes which event kind, and a batch cut into the lanes' parts.
 *
 * <h2>Design</h2>
 *
 * One lane per event kind (traces, routing decisions, metrics, hand-overs); with fewer lanes than
 * kinds the last lane takes the remaining ones ({@link #laneOf}). So the order of events holds
 * within a kind, and the metric rollups have one writer (no two transactions upsert the same rollup
 * row). Every lane sees every batch: the drainer reads the spool once, cuts each batch into the
 * lanes' parts and commits them at once, each on its own connection with its own checkpoint row
 * (spool id + lane). A lane's checkpoint is the index up to which every record of its kinds is
 * dealt with; it moves over the other kinds' records too, so every lane reaches the end of an idle
 * spool.
 *
 * <p>Records that are not events of a kind (damaged, expired, unreadable) and lost ranges belong to
 * lane 0, so each is counted once. After a failure the lanes may stand at different indexes: the
 * drainer reads again from the lowest, and each lane's part leaves out what its checkpoint already
 * covers ({@link #part}), so nothing is written twice.
 */
final class DrainLanes {
  private DrainLanes() {}

  /** The lane, of {@code lanes}, that writes events of {@code kind}. */
  static int laneOf(EventKind kind, int lanes) {
    int own =
        switch (kind) {
          case TRACE -> 0;
          case ROUTING -> 1;
          case METRIC -> 2;
          case TRANSFORMATION -> 3;
        };
    return Math.min(own, lanes - 1);
  }

  /**
   * Lane {@code lane}'s part of {@code batch}: its kinds' records after {@code afterIndex} (and,
   * for lane 0, the set-aside and unreadable records after it), ending at the batch's last index;
   * or {@code null} when the lane's checkpoint already covers the whole batch.
   */
  static Batch part(Batch batch, int lane, int lanes, long afterIndex) {
    if (batch.lastIndex <= afterIndex) {
      return null;
    }
    Batch part = new Batch(batch.records.size() / lanes + 16);
    part.lastIndex = batch.lastIndex;
    for (DrainedRecord r : batch.records) {
      if (r.index() > afterIndex && laneOf(r.kind(), lanes) == lane) {
        part.records.add(r);
      }
    }
    if (lane == 0) {
      for (DeadLetter d : batch.setAside) {
        if (d.spoolIndex() > afterIndex) {
          part.setAside.add(d);
        }
      }
      if (batch.unreadable > 0 && batch.lastUnreadable > afterIndex) {
        part.unreadable = batch.unreadable; // for the log only: the spool counts them
        part.firstUnreadable = batch.firstUnreadable;
        part.lastUnreadable = batch.lastUnreadable;
      }
    }
    return part;
  }
}
