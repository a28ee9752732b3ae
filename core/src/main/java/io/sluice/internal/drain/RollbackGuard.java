package io.sluice.internal.drain;

import io.sluice.spool.Spool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the checkpoint the drainer reads from PostgreSQL with the highest one it knows was
 * committed, so that a rollback (a failover to a standby that missed the last commits, a restore
 * from backup) is reported and re-drained, never hidden; and decides where to resume when the
 * checkpoint points into records the spool no longer holds.
 *
 * <h2>Design notes</h2>
 *
 * The high-water mark is the larger of the last checkpoint this process committed and the one in
 * {@link LastCheckpointFile} (fsynced before any committed cycle file is deleted, so it covers
 * every deleted record). A checkpoint behind it is a rollback of {@code high.dealtWith() -
 * cp.dealtWith()} events: one WARN; those still in the spool are re-drained and counted in {@link
 * DrainProgress#redrainedAfterRollback()}, the others are a lost range.
 *
 * <p>With several drain lanes the lanes may stand at different indexes (they run free, a few
 * batches apart), so the spool's checkpoint (lowest index, counters summed) does not say exactly
 * what was rolled back. The drainer therefore also compares each lane's row with the lane's last
 * commit this process saw ({@link Lanes#prepare}): the rollback count is then exact, summed over
 * the lanes that went back. The spool-level mark stays the guard across restarts and takeovers
 * (another process drained meanwhile).
 *
 * <p>The lost count never depends on the mark: when the checkpoint's record is gone, every record
 * before the oldest one on disk was deleted, and each deleted record was either dealt with by this
 * checkpoint (committed, set aside, counted lost) or unreadable, or is lost now. So {@code lost =
 * deleted - cp.dealtWith() - unreadable deleted}, exact, from counters the spool keeps itself.
 *
 * <p>Drainer thread only.
 */
final class RollbackGuard {
  private static final Logger log = LoggerFactory.getLogger(Drainer.class);

  /** Where to resume; {@code afterIndex} {@link Checkpoint#NONE}: from the oldest record. */
  record Resume(long afterIndex, long lost) {}

  private final Spool spool;
  private final DrainSettings settings;
  private final DrainProgress progress;
  private Checkpoint high;
  private long reportedHigh = Long.MIN_VALUE;
  private long reportedFloor = Long.MAX_VALUE;
  private String reportedGap;

  RollbackGuard(Spool spool, DrainSettings settings, DrainProgress progress) {
    this.spool = spool;
    this.settings = settings;
    this.progress = progress;
  }

  /** A batch committed at {@code cp}. */
  void committed(Checkpoint cp) {
    if (high == null || cp.lastIndex() >= high.lastIndex()) {
      high = cp;
    }
  }

  /**
   * Checks the checkpoint just read from PostgreSQL.
   *
   * @param cp the spool's checkpoint in PostgreSQL
   * @param seen the spool's checkpoint as this process last saw its lanes, or {@code null}
   * @param lanesRolledBack events committed on lanes that PostgreSQL no longer holds, counted lane
   *     by lane ({@link Lanes.Prepared#rolledBack()})
   * @return where to resume, or {@code null} to halt (a lost range under {@code halt}; reported)
   */
  Resume check(Checkpoint cp, Checkpoint seen, long lanesRolledBack) {
    Checkpoint file = LastCheckpointFile.read(spool.directory(), spool.id());
    if (file != null && (high == null || file.lastIndex() > high.lastIndex())) {
      high = file;
    }
    long lost = 0;
    long first = spool.firstIndex();
    if (cp.lastIndex() == Checkpoint.NONE || !spool.holds(cp.lastIndex())) {
      long unreadableDeleted =
          spool.unreadableCount() - (first < 0 ? 0 : spool.unreadableAfter(first - 1));
      lost = spool.deletedCount() - cp.dealtWith() - unreadableDeleted;
    }
    if (lanesRolledBack > 0 && seen != null) {
      rolledBack(cp, seen, lanesRolledBack, Math.max(0, lost));
    } else if (high != null && cp.lastIndex() < high.lastIndex()) {
      rolledBack(cp, high, high.dealtWith() - cp.dealtWith(), Math.max(0, lost));
    } else {
      high = cp;
    }
    if (lost <= 0) {
      // lost == 0: nothing before the oldest record on disk is missing, resume there if the
      // checkpoint's own record is gone. lost < 0: another spool's checkpoint, which the reader
      // refuses with its own message.
      boolean onDisk = cp.lastIndex() != Checkpoint.NONE && spool.holds(cp.lastIndex());
      return new Resume(onDisk || lost < 0 ? cp.lastIndex() : Checkpoint.NONE, 0);
    }
    return lostRange(cp, first, lost);
  }

  /** The highest checkpoint known committed, or {@code null}. */
  Checkpoint highWater() {
    return high;
  }

  /** Reports a rollback of {@code count} events from {@code above} to {@code cp}, once. */
  private void rolledBack(Checkpoint cp, Checkpoint above, long count, long lost) {
    long mark = high != null ? high.lastIndex() : above.lastIndex();
    if (mark == reportedHigh && cp.dealtWith() >= reportedFloor) {
      return; // the same rollback, seen again after a retry
    }
    reportedHigh = mark;
    reportedFloor = cp.dealtWith();
    progress.rolledBack(count - lost);
    log.warn(
        "{}: the checkpoint of spool {} in PostgreSQL is at index {} ({} events dealt with), behind"
            + " index {} ({} events) that this spool saw committed: the database lost its last"
            + " {} committed events (a failover to a standby that had not received them, or a"
            + " restore from backup). Re-draining {} of them from the spool{}.",
        settings.instanceName(),
        spool.id(),
        cp.lastIndex(),
        cp.dealtWith(),
        above.lastIndex(),
        above.dealtWith(),
        count,
        count - lost,
        lost > 0 ? "; the other " + lost + " are no longer in it (reported next)" : "");
  }

  private Resume lostRange(Checkpoint cp, long first, long lost) {
    String range =
        "after index "
            + cp.lastIndex()
            + " up to "
            + (first < 0 ? "the end of the spool" : "index " + first + " (exclusive)");
    progress.lostRange(lost, range);
    boolean halt = settings.haltOnLostRange();
    String message =
        settings.instanceName()
            + ": "
            + lost
            + " events of spool "
            + spool.id()
            + " are lost: the checkpoint in PostgreSQL points "
            + range
            + ", records whose cycle files were already deleted (a failover or restore rolled the"
            + " checkpoint back further than SLUICE_KEEP_COMMITTED kept them). "
            + (halt
                ? "Draining is halted (SLUICE_ON_LOST_RANGE=halt): restore the spool's cycle files"
                    + " or the database, or restart with SLUICE_ON_LOST_RANGE=continue to count"
                    + " them lost and drain on"
                : "Counting them lost and draining on from the oldest record on disk"
                    + " (SLUICE_ON_LOST_RANGE=continue)");
    if (!message.equals(reportedGap)) {
      reportedGap = message;
      log.error(message);
    }
    if (halt) {
      progress.haltedOnLostRange(message);
      return null;
    }
    return new Resume(Checkpoint.NONE, lost);
  }
}
