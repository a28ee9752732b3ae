package io.sluice.spool;

import java.util.List;

/**
 * What {@link Spool#deleteCyclesBefore(long)} deleted, for the caller to log.
 *
 * @param deletedCycles the cycle files deleted, oldest first, as they were just before deletion
 */
public record SpoolCleanup(List<SpoolCycle> deletedCycles) {
  /** Nothing deleted. */
  public static final SpoolCleanup NONE = new SpoolCleanup(List.of());

  public SpoolCleanup {
    deletedCycles = List.copyOf(deletedCycles);
  }

  /** How many files were deleted. */
  public int files() {
    return deletedCycles.size();
  }

  /** How many records the deleted files held (all committed by the caller). */
  public long records() {
    return deletedCycles.stream().mapToLong(SpoolCycle::records).sum();
  }

  /** Bytes written into the deleted files (the space returned, give or take a page per file). */
  public long bytes() {
    return deletedCycles.stream().mapToLong(SpoolCycle::bytes).sum();
  }
}
