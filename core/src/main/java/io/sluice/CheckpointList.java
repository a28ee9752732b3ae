package io.sluice;

import io.sluice.internal.db.ErrorClass;
import io.sluice.internal.db.Schema;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.SluiceException;
import io.sluice.model.SpoolCheckpoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Reads every spool's checkpoint row over a short-lived connection: the fleet view. */
final class CheckpointList {
  private CheckpointList() {}

  /**
   * @return the rows ordered by spool id; empty when no drainer ever started on this database
   * @throws SluiceException if PostgreSQL cannot be reached or read (names the SQLSTATE)
   */
  static List<SpoolCheckpoint> read(DatabaseConfig db) {
    try (Connection c = CheckpointReader.connect(db, "sluice-fleet");
        Handle h = Jdbi.open(c)) {
      boolean hasTable =
          h.createQuery("SELECT to_regclass(:t) IS NOT NULL")
              .bind("t", Schema.NAME + ".spool_checkpoints")
              .mapTo(Boolean.class)
              .one();
      if (!hasTable) {
        return List.of();
      }
      return h.createQuery(
              // A spool drained by several lanes has a row per lane: the spool as a whole is at
              // the lowest index, has the summed counters and was last updated by its latest lane.
              "SELECT spool_id, min(last_index) AS last_index,"
                  + " sum(committed_events)::bigint AS committed_events,"
                  + " sum(dead_lettered_events)::bigint AS dead_lettered_events,"
                  + " max(updated_at) AS updated_at,"
                  + " (extract(epoch FROM now() - max(updated_at)) * 1000)::bigint AS since_ms FROM "
                  + Schema.NAME
                  + ".spool_checkpoints GROUP BY spool_id ORDER BY spool_id")
          .map(
              (rs, ctx) ->
                  new SpoolCheckpoint(
                      rs.getString("spool_id"),
                      rs.getLong("last_index"),
                      rs.getLong("committed_events"),
                      rs.getLong("dead_lettered_events"),
                      rs.getTimestamp("updated_at").toInstant(),
                      Duration.ofMillis(Math.max(0, rs.getLong("since_ms")))))
          .list();
    } catch (SQLException | RuntimeException e) {
      throw new SluiceException(
          "Cannot read the spool checkpoints from "
              + db.redactedUrl()
              + ": "
              + ErrorClass.describe(e)
              + ". Check the database settings and that it is running.",
          e);
    }
  }
}
