package io.sluice.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What one retention run removed (or, in a dry run, would remove).
 *
 * <p>Retention works on whole day partitions only: a partition is removed when its whole day is
 * older than its kind's retention ({@link OperationsConfig#retentionDays}); it is detached, then
 * dropped. Rows are never deleted one by one.
 *
 * @param ranAt when the run started (from the configured clock)
 * @param dryRun true when nothing was changed and {@link #removed()} lists what would go
 * @param removed the partitions removed, oldest first within each kind
 * @param partitionsReadyThrough the last day that has partitions after this run (created ahead);
 *     {@code null} in a dry run or when creating them failed
 * @param errors one line per partition or step that failed (the run goes on with the others); empty
 *     when all went well
 */
public record RetentionReport(
    Instant ranAt,
    boolean dryRun,
    List<RemovedPartition> removed,
    LocalDate partitionsReadyThrough,
    List<String> errors) {

  public RetentionReport {
    removed = List.copyOf(removed);
    errors = List.copyOf(errors);
  }

  /** Rows held by the removed partitions, all kinds together. */
  public long rowsRemoved() {
    return removed.stream().mapToLong(RemovedPartition::rows).sum();
  }

  /**
   * One removed day partition.
   *
   * @param kind the event kind (table) it belonged to
   * @param partition the partition table's name, such as {@code trace_events_p20261127}
   * @param day the UTC day it held
   * @param rows the rows it held when it was removed
   */
  public record RemovedPartition(EventKind kind, String partition, LocalDate day, long rows) {}
}
