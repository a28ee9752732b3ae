package io.sluice.internal.drain;

/**
 * How far the drainer got in one spool, as committed in PostgreSQL.
 *
 * @param spoolId the spool's id
 * @param lastIndex index of the last spool record dealt with (committed or dead-lettered); -1 when
 *     none
 * @param committedEvents events committed as rows from this spool, ever
 * @param deadLetteredEvents events set aside in the dead-letter spool, ever
 */
public record Checkpoint(
    String spoolId, long lastIndex, long committedEvents, long deadLetteredEvents) {
  public static final long NONE = -1;

  public static Checkpoint none(String spoolId) {
    return new Checkpoint(spoolId, NONE, 0, 0);
  }

  Checkpoint advancedTo(long index, int committed, int deadLettered) {
    return new Checkpoint(
        spoolId, index, committedEvents + committed, deadLetteredEvents + deadLettered);
  }
}
