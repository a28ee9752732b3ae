package io.sluice.internal.drain;

import io.sluice.internal.codec.RecordCursor;
import io.sluice.internal.db.ErrorClass;
import io.sluice.internal.db.MetricRollups;
import io.sluice.internal.db.Partitions;
import io.sluice.model.EventKind;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.SpooledEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;

/**
 * Writes one drained batch in one transaction: missing day partitions and one binary COPY per event
 * kind. The caller has begun the transaction, locked the checkpoint row (see {@link
 * CheckpointStore#lockAt}) and commits it with the checkpoint; either all of it commits or none of
 * it does, which is what makes delivery exactly-once.
 *
 * <h2>Rejected rows</h2>
 *
 * A COPY fails whole when PostgreSQL rejects one row. Then the transaction is rolled back and begun
 * again (the caller's {@code relock} locks the checkpoint again) and:
 *
 * <ol>
 *   <li>Events whose row is already stored (their id is in the table: a replayed dead letter whose
 *       row exists, a restored checkpoint) are left out and counted as {@link
 *       Written#alreadyStored()}: a duplicate key on an event's own id is not a poison row. One
 *       indexed lookup per kind finds them, however many there are.
 *   <li>The rest is COPYed again under one savepoint. If PostgreSQL still rejects a row, the rows
 *       are bisected under savepoints that are always rolled back ("probes": a rolled-back
 *       subtransaction releases its locks and its transaction id), so however many rows are bad,
 *       the transaction never holds more than one savepoint at a time and the lock table stays
 *       small (thousands of kept subtransactions used to exhaust it: SQLSTATE 53200). k bad rows in
 *       n cost O(k log n) probes; then every good row is COPYed once more, in one statement.
 * </ol>
 *
 * The normal path pays for no savepoint and no lookup.
 *
 * <h2>Metric rollups</h2>
 *
 * The metric rows a batch actually writes (never a rejected or an already stored one) are added to
 * the per-minute rollups ({@link MetricRollups}) in the same transaction, after the COPYs, so the
 * rollups commit or roll back with their rows. Not thread-safe.
 */
final class BatchWriter {
  private final CopyRowEncoder encoder = new CopyRowEncoder();
  private final MetricRollups rollups = new MetricRollups();
  private final RecordCursor metric = new RecordCursor();

  /**
   * For DrainBenchmark's {@code rollups=off} only, to measure what the rollups cost: {@code
   * -Dsluice.bench.metricRollups=off} drains without them, and aggregate queries over what it
   * drains are then wrong. Not a setting.
   */
  private final boolean rollupsOn = !"off".equals(System.getProperty("sluice.bench.metricRollups"));

  private final Partitions partitions;

  BatchWriter(Partitions partitions) {
    this.partitions = partitions;
  }

  /**
   * What a batch write did.
   *
   * @param rejected rows PostgreSQL refused (to dead-letter)
   * @param alreadyStored events not written because their row was already stored
   */
  record Written(List<Rejection> rejected, int alreadyStored) {}

  /** Locks the checkpoint again in a transaction begun anew; throws if it moved. */
  interface Relock {
    void run(Handle h);
  }

  /**
   * COPYs {@code batch} in the transaction {@code h} has begun; when PostgreSQL rejects rows, rolls
   * back, begins again (calling {@code relock}) and writes again isolating them (class notes).
   */
  Written write(Handle h, List<DrainedRecord> batch, Relock relock) throws SQLException {
    // The checkpoint must be on disk before the drainer deletes the spool files it covers, even on
    // a server (or an embedded one) running with synchronous_commit = off.
    h.execute("SET LOCAL synchronous_commit = on");
    ensurePartitions(h, batch);
    try {
      copyAll(h, batch);
      writeRollups(h, batch);
      return new Written(List.of(), 0);
    } catch (SQLException e) {
      if (ErrorClass.classify(e) != ErrorClass.POISON) {
        throw e;
      }
    }
    h.rollback();
    partitions.forget(); // the partitions made in the rolled-back transaction are gone
    h.begin();
    relock.run(h);
    h.execute("SET LOCAL synchronous_commit = on");
    ensurePartitions(h, batch);
    List<DrainedRecord> fresh = StoredEvents.without(h, batch);
    Isolation isolation = new Isolation(batch.size() - fresh.size());
    if (!tryCopy(h, fresh, isolation, 1)) {
      isolate(h, fresh, isolation);
    }
    writeRollups(h, isolation.good);
    return new Written(isolation.rejected, isolation.alreadyStored);
  }

  /** What isolating found so far. */
  private static final class Isolation {
    final List<Rejection> rejected = new ArrayList<>();

    /** The rows written (when isolating, the rows written by the last COPY). */
    final List<DrainedRecord> good = new ArrayList<>();

    int alreadyStored;

    Isolation(int alreadyStored) {
      this.alreadyStored = alreadyStored;
    }

    /** A row PostgreSQL refused on its own: already stored (its own key), or rejected. */
    void alone(DrainedRecord row, SQLException e, int attempts) {
      if (isOwnKey(e)) {
        alreadyStored++;
      } else {
        rejected.add(new Rejection(row, e, attempts + 1));
      }
    }
  }

  /** Finds the bad rows of {@code rows} (which fail together) by probing, then writes the rest. */
  private void isolate(Handle h, List<DrainedRecord> rows, Isolation found) throws SQLException {
    int half = rows.size() / 2;
    probe(h, rows.subList(0, half), found, 2);
    probe(h, rows.subList(half, rows.size()), found, 2);
    found.good.sort(Comparator.comparingLong(DrainedRecord::index));
    try {
      copyAll(h, found.good);
    } catch (SQLException e) {
      // Each part went in alone, so only rows that clash with each other could fail here: none
      // can (ids are unique in a batch, and the only unique key is the id). Retry the batch.
      throw new SQLException(
          "rows that PostgreSQL accepted one part at a time were refused together: "
              + ErrorClass.describe(e),
          "XX000",
          e);
    }
  }

  /**
   * Tries {@code rows} under a savepoint that is always rolled back; bisects what fails. {@code
   * attempts} counts the failed writes these rows were already part of.
   */
  private void probe(Handle h, List<DrainedRecord> rows, Isolation found, int attempts)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    Connection c = h.getConnection();
    Savepoint savepoint = c.setSavepoint();
    SQLException failure = null;
    try {
      copyAll(h, rows);
    } catch (SQLException e) {
      failure = e;
    }
    c.rollback(savepoint);
    c.releaseSavepoint(savepoint);
    if (failure == null) {
      found.good.addAll(rows);
      return;
    }
    if (ErrorClass.classify(failure) != ErrorClass.POISON) {
      throw failure;
    }
    if (rows.size() == 1) {
      found.alone(rows.get(0), failure, attempts);
      return;
    }
    int half = rows.size() / 2;
    probe(h, rows.subList(0, half), found, attempts + 1);
    probe(h, rows.subList(half, rows.size()), found, attempts + 1);
  }

  /** COPYs {@code rows} under a kept savepoint; false (rolled back) when PostgreSQL refuses one. */
  private boolean tryCopy(Handle h, List<DrainedRecord> rows, Isolation found, int attempts)
      throws SQLException {
    if (rows.isEmpty()) {
      return true;
    }
    Connection c = h.getConnection();
    Savepoint savepoint = c.setSavepoint();
    try {
      copyAll(h, rows);
      c.releaseSavepoint(savepoint);
      found.good.addAll(rows);
      return true;
    } catch (SQLException e) {
      c.rollback(savepoint);
      c.releaseSavepoint(savepoint);
      if (ErrorClass.classify(e) != ErrorClass.POISON) {
        throw e;
      }
      if (rows.size() == 1) {
        found.alone(rows.get(0), e, attempts);
        return true;
      }
      return false;
    }
  }

  /** A duplicate key on the table's primary key: the event's own id, already stored. */
  static boolean isOwnKey(SQLException e) {
    SQLException server = ErrorClass.firstWithState(e);
    if (server == null || !"23505".equals(server.getSQLState())) {
      return false;
    }
    if (server instanceof PSQLException p && p.getServerErrorMessage() != null) {
      String constraint = p.getServerErrorMessage().getConstraint();
      return constraint != null && constraint.endsWith("_pkey");
    }
    return false;
  }

  /** Ensures the day partitions of the batch's events exist, in the caller's transaction. */
  void ensurePartitions(Handle h, List<DrainedRecord> batch) {
    partitions.ensure(h, days(batch));
  }

  /** The UTC days the events of {@code batch} were recorded on. */
  static Set<LocalDate> days(List<DrainedRecord> batch) {
    Set<LocalDate> days = new HashSet<>();
    long lastDay = Long.MIN_VALUE;
    for (DrainedRecord r : batch) {
      // Events arrive in time order: one LocalDate per day change, not per event.
      long day = Math.floorDiv(SpooledEvent.recordedAtMillis(r.id()), 86_400_000L);
      if (day != lastDay) {
        days.add(LocalDate.ofEpochDay(day));
        lastDay = day;
      }
    }
    return days;
  }

  /**
   * Adds the metric rows of {@code written} to their minutes' rollups, in {@code h}'s transaction.
   */
  private void writeRollups(Handle h, List<DrainedRecord> written) throws SQLException {
    if (!rollupsOn) {
      return;
    }
    rollups.clear();
    for (DrainedRecord r : written) {
      if (r.kind() != EventKind.METRIC) {
        continue;
      }
      if (r.decoded() == null) { // checked in place when read: its fields, no event
        metric.readMetric(r.raw());
        rollups.add(
            metric.recordedAtMillis(),
            metric.metricName(),
            metric.component(),
            metric.metricValue());
      } else if (r.decoded().event() instanceof PerformanceMetric m) {
        rollups.add(
            SpooledEvent.recordedAtMillis(r.id()), m.metricName(), m.component(), m.metricValue());
      }
    }
    if (!rollups.isEmpty()) {
      rollups.write(h.getConnection());
    }
  }

  /** COPYs every event of {@code batch}, grouped by kind; fails whole on any rejected row. */
  void copyAll(Handle h, List<DrainedRecord> batch) throws SQLException {
    Map<EventKind, List<DrainedRecord>> byKind = new EnumMap<>(EventKind.class);
    for (DrainedRecord r : batch) {
      byKind.computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(r);
    }
    CopyManager copy = h.getConnection().unwrap(PGConnection.class).getCopyAPI();
    for (Map.Entry<EventKind, List<DrainedRecord>> entry : byKind.entrySet()) {
      encoder.copyRecords(copy.copyIn(CopyRowEncoder.copySql(entry.getKey())), entry.getValue());
    }
  }
}
