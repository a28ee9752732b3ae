package io.sluice.cli.load;

import io.sluice.model.EventKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Counts the rows, and distinct ids, that reached each event table: what the demo reads back. */
final class TableCounts {
  private static final String SCHEMA = "agent_observability";

  private TableCounts() {}

  /** One table's count. */
  record Count(EventKind kind, long rows, long distinctIds) {
    String table() {
      return SCHEMA + "." + kind.tableName();
    }
  }

  /**
   * Rows recorded at or after {@code since} (all of them on a fresh database; on a shared one, only
   * this run's, as ids and recorded_at come from the time of append).
   */
  static List<Count> since(Connection c, Instant since) throws SQLException {
    List<Count> counts = new ArrayList<>();
    for (EventKind kind : EventKind.values()) {
      String sql =
          "SELECT count(*), count(DISTINCT id) FROM "
              + SCHEMA
              + "."
              + kind.tableName()
              + " WHERE recorded_at >= ?";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setTimestamp(1, Timestamp.from(since));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          counts.add(new Count(kind, rs.getLong(1), rs.getLong(2)));
        }
      }
    }
    return counts;
  }
}
