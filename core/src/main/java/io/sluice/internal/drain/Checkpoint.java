package io.sluice.internal.drain;

/**
 * How far the drainer got in one spool, as committed in PostgreSQL.
 *
 * @param spoolId the spool's id
 * @param lastIndex index of the last spool record dealt with (committed, dead-lettered or counted
 *     lost); -1 when none
 * @param committedEvents events committed as rows from this spool, ever
 * @param deadLetteredEvents events set aside in the dead-letter spool, ever
 * @param lostEvents events skipped because a rolled-back checkpoint pointed into deleted spool
 *     records ({@code SLUICE_ON_LOST_RANGE=continue}), ever
 */
public record Checkpoint(
    String spoolId,
    long lastIndex,
    long committedEvents,
    long deadLetteredEvents,
    long lostEvents) {
  public static final long NONE = -1;

  public Checkpoint(String spoolId, long lastIndex, long committedEvents, long deadLettered) {
    this(spoolId, lastIndex, committedEvents, deadLettered, 0);
  }

  public static Checkpoint none(String spoolId) {
    return new Checkpoint(spoolId, NONE, 0, 0, 0);
  }

  /** Events dealt with up to {@link #lastIndex}: committed, set aside or counted lost. */
  public long dealtWith() {
    return committedEvents + deadLetteredEvents + lostEvents;
  }

  Checkpoint advancedTo(long index, int committed, int deadLettered, long lost) {
    return new Checkpoint(
        spoolId,
        index,
        committedEvents + committed,
        deadLetteredEvents + deadLettered,
        lostEvents + lost);
  }
}
