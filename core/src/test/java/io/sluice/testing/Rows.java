package io.sluice.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads what landed in {@code agent_observability}, for assertions. */
public final class Rows {
  private static final String SCHEMA = "agent_observability.";

  private Rows() {}

  /** Rows in {@code table} (a name in the Sluice schema). */
  public static long count(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SCHEMA + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Every id in {@code table}, duplicates included, in no particular order. */
  public static List<UUID> ids(Connection c, String table) throws SQLException {
    List<UUID> ids = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM " + SCHEMA + table)) {
      while (rs.next()) {
        ids.add(rs.getObject(1, UUID.class));
      }
    }
    return ids;
  }

  /** Runs one statement (DDL in tests that break the schema on purpose). */
  public static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
