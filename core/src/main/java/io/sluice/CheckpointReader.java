package io.sluice;

import io.sluice.internal.db.Schema;
import io.sluice.internal.drain.Checkpoint;
import io.sluice.internal.drain.CheckpointStore;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.SluiceException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Reads one spool's checkpoint over a short-lived connection, for status from outside. */
final class CheckpointReader {
  private static final int CONNECT_TIMEOUT_SECONDS = 5;

  private CheckpointReader() {}

  /** A plain connection (no pool) that gives up after a few seconds; the caller closes it. */
  static Connection connect(DatabaseConfig db, String applicationName) throws SQLException {
    Properties props = db.jdbcProperties();
    props.setProperty("user", db.user());
    if (db.password() != null) {
      props.setProperty("password", db.password());
    }
    props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    props.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    props.setProperty("ApplicationName", applicationName);
    return DriverManager.getConnection(db.jdbcUrl(), props);
  }

  private static String stripPeriod(String message) {
    String m = String.valueOf(message).strip();
    return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
  }

  /**
   * @return the checkpoint, or {@code null} if no drainer ever started on this spool
   * @throws SluiceException if PostgreSQL cannot be reached or read (names the SQLSTATE)
   */
  static Checkpoint read(DatabaseConfig db, String spoolId) {
    try (Connection c = connect(db, "sluice-status");
        Handle h = Jdbi.open(c)) {
      boolean hasTable =
          h.createQuery("SELECT to_regclass(:t) IS NOT NULL")
              .bind("t", Schema.NAME + ".spool_checkpoints")
              .mapTo(Boolean.class)
              .one();
      return hasTable ? CheckpointStore.find(h, spoolId) : null;
    } catch (SQLException e) {
      throw new SluiceException(
          "Cannot read the checkpoint from "
              + db.redactedUrl()
              + ": SQLSTATE "
              + e.getSQLState()
              + " "
              + stripPeriod(e.getMessage())
              + ". Check the database settings and that it is running.",
          e);
    } catch (RuntimeException e) {
      throw new SluiceException(
          "Cannot read the checkpoint from " + db.redactedUrl() + ": " + e.getMessage(), e);
    }
  }
}
