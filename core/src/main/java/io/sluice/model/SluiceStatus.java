package io.sluice.model;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A snapshot of one spool and its drainer's progress. Accounting: {@code appended = committed +
 * deadLettered + dropped + unreadable + lost + backlog}, exactly, across crashes, restarts, damaged
 * spool files and PostgreSQL failovers. {@code appended} is counted by the spool itself (records on
 * disk, plus those in deleted cycle files, plus drops), independently of the checkpoint, so {@link
 * #accountingHolds()} is a real check.
 *
 * @param spoolId the spool's id
 * @param spoolDirectory where the spool is
 * @param appended events accepted by {@code append} on this spool, ever, by any process
 * @param committed events committed to PostgreSQL from this spool; -1 when unknown
 * @param deadLettered events set aside in the dead-letter spool; -1 when unknown
 * @param dropped events the {@code DROP_NEWEST} full-spool policy dropped, ever
 * @param unreadable events appended but lost to damage of a spool file, ever: a repair (on a
 *     writable open or by {@code sluice repair}) could not read them; never delivered
 * @param lost events lost because a failover or restore rolled the checkpoint back past cycle files
 *     already deleted, ever: counted in the checkpoint ({@code SLUICE_ON_LOST_RANGE=continue}) plus
 *     a range found but not yet passed (halted); -1 when unknown
 * @param redrainedAfterRollback events re-drained because the database's checkpoint came back
 *     behind what the spool saw committed (failover, restore), ever (kept in the spool folder's
 *     {@code last-checkpoint.properties}); -1 when unknown
 * @param committedIndex spool index of the last event dealt with; -1 when none or unknown
 * @param backlog events in the spool not yet committed (unreadable ones excluded); -1 when unknown
 * @param oldestPendingAge how long the oldest uncommitted event has waited; {@link Duration#ZERO}
 *     when none, {@code null} when unknown
 * @param spooledRecords records on disk in the spool, committed or not
 * @param usedBytes bytes written in the spool's cycle files
 * @param drainState what the drainer is doing ({@code CONNECTING}, {@code DRAINING}, {@code
 *     STANDBY} (another process owns the spool and drains it), {@code RETRYING}, {@code
 *     HALTED_FATAL}, {@code STOPPED}, {@code CLOSED}), {@code DISABLED} in a process that does not
 *     drain, or {@code UNKNOWN} when seen from another process
 * @param breakerState the circuit breaker's state, or {@code null} when seen from another process
 * @param lastError the drainer's last error, or {@code null}
 */
public record SluiceStatus(
    String spoolId,
    Path spoolDirectory,
    long appended,
    long committed,
    long deadLettered,
    long dropped,
    long unreadable,
    long lost,
    long redrainedAfterRollback,
    long committedIndex,
    long backlog,
    Duration oldestPendingAge,
    long spooledRecords,
    long usedBytes,
    String drainState,
    BreakerState breakerState,
    String lastError) {
  /**
   * True when {@code appended == committed + deadLettered + dropped + unreadable + lost + backlog};
   * also true while the checkpoint is unknown (nothing to check).
   */
  public boolean accountingHolds() {
    return committed < 0
        || appended == committed + deadLettered + dropped + unreadable + lost + backlog;
  }
}
