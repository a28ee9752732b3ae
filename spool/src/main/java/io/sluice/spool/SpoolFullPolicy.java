package io.sluice.spool;

/**
 * What {@link Spool#append} does when the record would take the spool past its byte budget ({@link
 * SpoolConfig#maxSpoolBytes()}) or the file system below its free-space reserve ({@link
 * SpoolConfig#minFreeDiskBytes()}). Whichever policy applies, records already appended are never
 * dropped or overwritten: room comes back only when the consumer's committed cycle files are
 * deleted ({@link Spool#deleteCyclesBefore(long)}) or the disk gains free space.
 */
public enum SpoolFullPolicy {
  /**
   * The caller waits until there is room, at most {@link SpoolConfig#blockTimeout()}, then gets a
   * {@link SpoolFullException}. Back-pressure: nothing is lost, the caller slows down.
   */
  BLOCK,
  /** The caller gets a {@link SpoolFullException} at once; the record was not appended. */
  FAIL,
  /**
   * The record is not appended and {@link Spool#append} returns {@link Spool#DROPPED}. Each drop is
   * counted in {@link Spool#droppedCount()}, which survives restarts; one WARN is logged per
   * episode (an episode ends when an append succeeds again).
   */
  DROP_NEWEST
}
