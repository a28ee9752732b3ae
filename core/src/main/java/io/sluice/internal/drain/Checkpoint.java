package io.sluice.internal.drain;

/**
 * How far the drainer got in one spool, as committed in PostgreSQL.
 *
 * @param spoolId the spool's id
 * @param lastIndex index of the last spool record committed; -1 when none
 * @param committedEvents events committed from this spool, ever
 */
public record Checkpoint(String spoolId, long lastIndex, long committedEvents) {
  public static final long NONE = -1;

  Checkpoint advancedTo(long index, int events) {
    return new Checkpoint(spoolId, index, committedEvents + events);
  }
}
