package io.sluice;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.toList;

import io.sluice.internal.db.MetricRollups;
import io.sluice.internal.db.MetricRollupsMigration;
import io.sluice.internal.drain.CopyRowEncoder;
import io.sluice.model.EventKind;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.SpooledEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Loads already-built events into Sluice's tables around the spool and the drainer: for importing
 * history from another store, restoring an export, or measuring PostgreSQL's own ceiling. Rows are
 * written by binary COPY with the drainer's row encoder, so they are stored exactly as the drainer
 * stores them (each row's {@code recorded_at} is the millisecond of its UUIDv7 id).
 *
 * <p>Everything runs in the caller's transaction on a pgjdbc connection (a pool's wrapper is
 * unwrapped); the caller commits or rolls back. The schema must be migrated and the day partitions
 * of the events' {@code recorded_at} must exist ({@link SluiceDatabase#prepare}); an id already
 * stored fails the COPY with SQLSTATE 23505, so loads are not idempotent. Unlike the drainer,
 * {@link #copy} does not add the metric rollups the aggregate query reads: call {@link #addRollups}
 * with the same events in the same transaction, or {@link #rollUpStoredDay} once for a day loaded
 * some other way.
 *
 * <p>Not thread-safe: an instance reuses one encoding buffer; use one per thread.
 */
public final class BulkLoad {
  private final CopyRowEncoder encoder = new CopyRowEncoder();

  /**
   * The columns of {@code kind}'s table that a row carries, comma-separated, in the order they are
   * encoded: the column list for a COPY into a table of the same shape (see {@link
   * #copy(Connection, String, EventKind, List)}).
   */
  public static String columns(EventKind kind) {
    return CopyRowEncoder.columns(kind);
  }

  /**
   * COPYs {@code events} (of any kinds, in any order) into Sluice's table of each one's kind, one
   * COPY per kind, in the caller's transaction; adds no rollups (see the class notes).
   *
   * @return the rows PostgreSQL reported
   * @throws SQLException as PostgreSQL reports it: e.g. 23505 for an id already stored, 23514 for a
   *     {@code recorded_at} day without a partition
   */
  public long copy(Connection c, List<SpooledEvent> events) throws SQLException {
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    long loaded = 0;
    for (Map.Entry<EventKind, List<SpooledEvent>> e : byKind(events).entrySet()) {
      loaded += encoder.copy(copy.copyIn(CopyRowEncoder.copySql(e.getKey())), e.getValue());
    }
    return loaded;
  }

  /**
   * COPYs {@code events}, all of {@code kind}, into {@code table} (schema-qualified if needed),
   * which must have the columns {@link #columns columns(kind)} with the types of Sluice's table:
   * e.g. a staging table made {@code (LIKE sluice.<table>)}, or a variant under test.
   *
   * @return the rows PostgreSQL reported
   * @throws IllegalArgumentException when an event is not of {@code kind}
   */
  public long copy(Connection c, String table, EventKind kind, List<SpooledEvent> events)
      throws SQLException {
    for (SpooledEvent e : events) {
      if (e.event().kind() != kind) {
        throw new IllegalArgumentException(
            "Bulk load into "
                + table
                + ": event "
                + e.id()
                + " is a "
                + e.event().kind()
                + " (expected only "
                + kind
                + "). Load each kind into its own table.");
      }
    }
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    return encoder.copy(copy.copyIn(CopyRowEncoder.copySql(table, kind)), events);
  }

  /**
   * Adds the metric events among {@code events} to the per-minute rollups, in the caller's
   * transaction, as the drainer does with each batch it commits; other kinds are skipped. The
   * rollups' day partitions must exist ({@link SluiceDatabase#prepare}).
   *
   * @return the rollup rows written (one per metric, minute and component, and one per metric and
   *     minute for all components)
   */
  public static int addRollups(Connection c, List<SpooledEvent> events) throws SQLException {
    MetricRollups rollups = new MetricRollups();
    for (SpooledEvent e : events) {
      if (e.event() instanceof PerformanceMetric m) {
        rollups.add(
            SpooledEvent.recordedAtMillis(e.id()), m.metricName(), m.component(), m.metricValue());
      }
    }
    int rows = rollups.size();
    rollups.write(c);
    return rows;
  }

  /**
   * Adds every stored metric row of the UTC {@code day} to the rollups, creating the rollups'
   * partition of that day if needed, in the caller's transaction (with auto-commit on, in one
   * transaction of its own): for metric rows that reached the table some other way than the drainer
   * or {@link #addRollups}, e.g. by SQL. Run it once per such day, with no drainer writing that
   * day: rows already rolled up would be counted twice.
   *
   * @return the metric rows read
   */
  public static long rollUpStoredDay(Connection c, LocalDate day) throws SQLException {
    return MetricRollupsMigration.backfill(c, day);
  }

  private static Map<EventKind, List<SpooledEvent>> byKind(List<SpooledEvent> events) {
    EventKind first = events.isEmpty() ? null : events.get(0).event().kind();
    if (first != null && events.stream().allMatch(e -> e.event().kind() == first)) {
      return Map.of(first, events); // one kind (e.g. an all-trace load): no copying
    }
    return events.stream()
        .collect(groupingBy(e -> e.event().kind(), () -> new EnumMap<>(EventKind.class), toList()));
  }
}
