package io.sluice.drill;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * What the drills find in the four event tables, for their assertions. Each drill event carries its
 * writer's sequence key: a trace in {@code trace_id}, a routing decision in {@code user_request}, a
 * metric in {@code component}, a hand-over in {@code reason} (see {@link CrashChild#event}); drills
 * that write traces only find the other tables empty.
 */
final class StoredTraces {
  private static final String TABLE =
      "(SELECT trace_id AS key, id FROM agent_observability.trace_events"
          + " UNION ALL SELECT user_request, id FROM agent_observability.routing_decisions"
          + " UNION ALL SELECT component, id FROM agent_observability.performance_metrics"
          + " UNION ALL SELECT reason, id FROM agent_observability.transformation_events) AS e";

  private StoredTraces() {}

  /** Row counts that expose a duplicate: by row, by distinct id, by distinct trace id. */
  record Counts(long rows, long distinctIds, long distinctTraceIds) {}

  static Counts counts(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*), count(DISTINCT id), count(DISTINCT key) FROM " + TABLE)) {
      rs.next();
      return new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3));
    }
  }

  /** Hands every row's trace id and id to {@code row}, streaming (the heap holds one fetch). */
  static void forEach(Connection c, BiConsumer<String, UUID> row) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false); // pgjdbc streams with a fetch size only inside a transaction
    try (Statement s = c.createStatement()) {
      s.setFetchSize(10_000);
      try (ResultSet rs = s.executeQuery("SELECT key, id FROM " + TABLE)) {
        while (rs.next()) {
          row.accept(rs.getString(1), rs.getObject(2, UUID.class));
        }
      }
    } finally {
      c.commit();
      c.setAutoCommit(autoCommit);
    }
  }

  /** Spools in {@code spool_checkpoints} (a row per spool and drain lane): every spool drained. */
  static long checkpoints(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(DISTINCT spool_id) FROM agent_observability.spool_checkpoints")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
