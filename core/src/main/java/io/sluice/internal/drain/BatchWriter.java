package io.sluice.internal.drain;

import io.sluice.internal.db.ErrorClass;
import io.sluice.internal.db.Partitions;
import io.sluice.model.EventKind;
import io.sluice.model.SpooledEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes the rows of one drained batch into the transaction the {@link Drainer} has begun: missing
 * day partitions, then one binary COPY per event kind. It neither commits nor touches the
 * checkpoint: the Drainer advances the checkpoint ({@link CheckpointStore#advance}) in the same
 * transaction and commits, so rows and checkpoint commit together or not at all, which is what
 * makes delivery exactly-once.
 *
 * <h2>Rejected rows</h2>
 *
 * A COPY fails whole when PostgreSQL rejects one row. {@link #writeIsolating} then splits the batch
 * in halves under savepoints, inside the same transaction, until each rejected row stands alone;
 * every other row still commits with the checkpoint. k bad rows in n cost O(k log n) extra
 * statements, and the normal path pays for no savepoint at all. Not thread-safe.
 */
final class BatchWriter {
  private final CopyRowEncoder encoder = new CopyRowEncoder();
  private final Partitions partitions;

  BatchWriter(Partitions partitions) {
    this.partitions = partitions;
  }

  /**
   * COPYs {@code batch} in the transaction {@code h} has begun; when PostgreSQL rejects rows, rolls
   * back and writes again isolating them. Returns the rejected rows (the rest is written).
   */
  List<Rejection> write(Handle h, List<DrainedRecord> batch) throws SQLException {
    List<Rejection> rejected = new ArrayList<>();
    // The checkpoint must be on disk before the drainer deletes the spool files it covers, even on
    // a server (or an embedded one) running with synchronous_commit = off.
    h.execute("SET LOCAL synchronous_commit = on");
    ensurePartitions(h, batch);
    try {
      copyAll(h, batch);
    } catch (SQLException e) {
      if (ErrorClass.classify(e) != ErrorClass.POISON) {
        throw e;
      }
      h.rollback();
      partitions.forget(); // the partitions made in the rolled-back transaction are gone
      h.begin();
      h.execute("SET LOCAL synchronous_commit = on");
      ensurePartitions(h, batch);
      writeIsolating(h, batch, rejected, 1);
    }
    return rejected;
  }

  /** Ensures the day partitions of the batch's events exist, in the caller's transaction. */
  void ensurePartitions(Handle h, List<DrainedRecord> batch) {
    Set<LocalDate> days = new HashSet<>();
    long lastDay = Long.MIN_VALUE;
    for (DrainedRecord r : batch) {
      // Events arrive in time order: one LocalDate per day change, not per event.
      long day = Math.floorDiv(SpooledEvent.recordedAtMillis(r.event().id()), 86_400_000L);
      if (day != lastDay) {
        days.add(LocalDate.ofEpochDay(day));
        lastDay = day;
      }
    }
    partitions.ensure(h, days);
  }

  /** COPYs every event of {@code batch}, grouped by kind; fails whole on any rejected row. */
  void copyAll(Handle h, List<DrainedRecord> batch) throws SQLException {
    Map<EventKind, List<SpooledEvent>> byKind = new EnumMap<>(EventKind.class);
    for (DrainedRecord r : batch) {
      byKind.computeIfAbsent(r.event().event().kind(), k -> new ArrayList<>()).add(r.event());
    }
    CopyManager copy = h.getConnection().unwrap(PGConnection.class).getCopyAPI();
    for (Map.Entry<EventKind, List<SpooledEvent>> entry : byKind.entrySet()) {
      encoder.copy(copy.copyIn(CopyRowEncoder.copySql(entry.getKey())), entry.getValue());
    }
  }

  /**
   * COPYs {@code batch}, isolating the rows PostgreSQL rejects as {@link ErrorClass#POISON}; adds
   * them to {@code rejected}. Any other error aborts (rethrown). {@code attempts} counts the failed
   * writes these rows were already part of.
   */
  void writeIsolating(Handle h, List<DrainedRecord> batch, List<Rejection> rejected, int attempts)
      throws SQLException {
    if (batch.isEmpty()) {
      return;
    }
    Connection c = h.getConnection();
    Savepoint savepoint = c.setSavepoint();
    try {
      copyAll(h, batch);
      c.releaseSavepoint(savepoint);
    } catch (SQLException e) {
      c.rollback(savepoint);
      if (ErrorClass.classify(e) != ErrorClass.POISON) {
        throw e;
      }
      if (batch.size() == 1) {
        rejected.add(new Rejection(batch.get(0), e, attempts + 1));
        return;
      }
      int half = batch.size() / 2;
      writeIsolating(h, batch.subList(0, half), rejected, attempts + 1);
      writeIsolating(h, batch.subList(half, batch.size()), rejected, attempts + 1);
    }
  }
}
