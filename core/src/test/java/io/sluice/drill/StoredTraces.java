package io.sluice.drill;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** What the drills find in {@code agent_observability.trace_events}, for their assertions. */
final class StoredTraces {
  private static final String TABLE = "agent_observability.trace_events";

  private StoredTraces() {}

  /** Row counts that expose a duplicate: by row, by distinct id, by distinct trace id. */
  record Counts(long rows, long distinctIds, long distinctTraceIds) {}

  static Counts counts(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*), count(DISTINCT id), count(DISTINCT trace_id) FROM " + TABLE)) {
      rs.next();
      return new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3));
    }
  }

  /** Every row's id by its trace id (a duplicated trace id keeps one; {@link #counts} shows it). */
  static Map<String, UUID> idsByTraceId(Connection c) throws SQLException {
    Map<String, UUID> ids = new HashMap<>();
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false); // pgjdbc streams with a fetch size only inside a transaction
    try (Statement s = c.createStatement()) {
      s.setFetchSize(10_000);
      try (ResultSet rs = s.executeQuery("SELECT trace_id, id FROM " + TABLE)) {
        while (rs.next()) {
          ids.put(rs.getString(1), rs.getObject(2, UUID.class));
        }
      }
    } finally {
      c.commit();
      c.setAutoCommit(autoCommit);
    }
    return ids;
  }

  /** Rows in {@code spool_checkpoints}: one per spool ever drained. */
  static long checkpoints(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM agent_observability.spool_checkpoints")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
