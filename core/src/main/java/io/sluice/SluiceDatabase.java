package io.sluice;

import com.zaxxer.hikari.HikariDataSource;
import io.sluice.internal.db.ErrorClass;
import io.sluice.internal.db.Partitions;
import io.sluice.internal.db.Pools;
import io.sluice.internal.db.Schema;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceException;
import io.sluice.model.SpoolCheckpoint;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Prepares a PostgreSQL database for Sluice without starting it: for a deploy step that runs the
 * migrations before the first writer, and for tools (benchmarks, bulk loads) that write Sluice's
 * tables themselves. A draining {@link Sluice} does the same on its own when it first connects.
 * Also lists the checkpoint row of every spool draining into the database ({@link #checkpoints}).
 * Stateless and thread-safe; safe while Sluice processes use the database (Flyway and the partition
 * creation each take a lock in it).
 */
public final class SluiceDatabase {
  private SluiceDatabase() {}

  /**
   * Every spool's checkpoint row in this database: the fleet of Sluice processes (one spool each)
   * draining into it, with what each committed and how long ago. Needs no spool folder; reads over
   * one short-lived connection.
   *
   * @return ordered by spool id; empty when no drainer ever started on this database
   * @throws SluiceException when PostgreSQL refuses or cannot be reached; the message names the
   *     SQLSTATE
   */
  public static List<SpoolCheckpoint> checkpoints(DatabaseConfig database) {
    return CheckpointList.read(database);
  }

  /**
   * Applies the migrations in {@code sql/}, on a short-lived pool of its own.
   *
   * @return how many migrations ran (0 when the schema was up to date)
   * @throws SluiceException when PostgreSQL refuses or cannot be reached; the message names the
   *     SQLSTATE
   */
  public static int migrate(DatabaseConfig database) {
    return prepare(database, -1, null);
  }

  /**
   * Applies the migrations in {@code sql/} and creates the day partitions from yesterday to {@code
   * partitionDaysAhead} days after today (UTC, by {@code clock}), on a short-lived pool of its own.
   *
   * @return how many migrations ran (0 when the schema was up to date)
   * @throws SluiceException when PostgreSQL refuses or cannot be reached; the message names the
   *     SQLSTATE
   */
  public static int prepare(DatabaseConfig database, int partitionDaysAhead, Clock clock) {
    String name = SluiceConfig.DEFAULT_INSTANCE_NAME + "-prepare";
    try (HikariDataSource ds = Pools.writer(database, name)) {
      int migrations = Schema.migrate(ds, name);
      if (partitionDaysAhead < 0) {
        return migrations;
      }
      try (Handle h = Jdbi.create(ds).open()) {
        h.useTransaction(
            tx -> new Partitions().ensure(tx, Partitions.window(clock, partitionDaysAhead)));
      }
      return migrations;
    } catch (JdbiException | org.flywaydb.core.api.FlywayException e) {
      throw new SluiceException(
          "Preparing the Sluice schema on "
              + database.redactedUrl()
              + " failed: "
              + ErrorClass.describe(e)
              + ". Check that PostgreSQL is reachable and the user may"
              + " create schemas and tables.",
          e);
    }
  }
}
