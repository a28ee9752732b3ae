package io.sluice.internal.db;

import io.sluice.model.EventKind;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned migrations in {@code sql/} (packaged under {@code io/sluice/sql}) and the
 * Java ones, V7 ({@link MetricRollupsMigration}) and V10 ({@link FiveMinuteRollupsMigration}), with
 * Flyway.
 *
 * <p>Many processes may start at once on one database (a fleet of spools), also on an empty one:
 * Flyway 13's PostgreSQL support ({@code PostgreSQLAdvisoryLockTemplate} in {@code
 * flyway-database-postgresql}) runs the migrations under an advisory lock keyed by the history
 * table ({@code pg_try_advisory_lock}, retried until it is free), so one process migrates and the
 * others then find the schema up to date; a {@code CREATE SCHEMA} that loses a race is retried
 * ("Schema creation failed. Retrying in 1 sec"). No lock of Sluice's own is needed around it;
 * {@code ConcurrentPrepareTest} and {@code FleetDrillTest} start several at once on an empty
 * database.
 */
public final class Schema {
  /** The schema every Sluice table lives in. */
  public static final String NAME = EventKind.SCHEMA;

  private static final Logger log = LoggerFactory.getLogger(Schema.class);

  private Schema() {}

  /** Brings the schema up to date; returns how many migrations ran. */
  public static int migrate(DataSource dataSource, String instanceName) {
    MigrateResult result = flyway(dataSource).load().migrate();
    if (result.migrationsExecuted > 0) {
      log.info(
          "{}: applied {} schema migration(s) to {}, now at version {}",
          instanceName,
          result.migrationsExecuted,
          NAME,
          result.targetSchemaVersion);
    }
    return result.migrationsExecuted;
  }

  /**
   * Sluice's Flyway configuration on {@code dataSource}: its schema, history table, SQL and Java
   * migrations. Tests set a {@code target} on it to build a database as an older release left it.
   */
  public static FluentConfiguration flyway(DataSource dataSource) {
    return Flyway.configure(Schema.class.getClassLoader())
        .dataSource(dataSource)
        .schemas(NAME)
        .defaultSchema(NAME)
        .createSchemas(true)
        .table("sluice_schema_history")
        .locations("classpath:io/sluice/sql")
        .javaMigrations( // their backfills compute sketches
            new MetricRollupsMigration(), new FiveMinuteRollupsMigration())
        .validateMigrationNaming(true)
        .loggers("slf4j"); // not java.util.logging on stderr: the host's SLF4J setup decides
  }
}
