package io.sluice.model;

/**
 * What the drainer does when the database's checkpoint points into records the spool no longer
 * holds (a failover or restore rolled it back past cycle files already deleted): those events are
 * lost either way, and are reported (range, count, accounting) either way.
 */
public enum LostRangePolicy {
  /**
   * Stop writing (state {@code HALTED_FATAL}) until an operator decides: restore the spool files or
   * the database, or restart with {@code continue}. The default: nothing moves past a loss that no
   * one has seen.
   */
  HALT,
  /** Count the range as lost in the checkpoint and drain on from the oldest record on disk. */
  CONTINUE
}
