package io.sluice.cli.load;

import io.sluice.cli.common.CommandFailedException;
import io.sluice.model.DatabaseConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * The demo's PostgreSQL: an embedded server started in a local folder (stopped and removed on
 * {@link #close()}), or the database the user configured (left as it is).
 */
final class DemoDatabase implements AutoCloseable {
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

  private final EmbeddedPostgres embedded;
  private final DatabaseConfig config;
  private final String password;
  private final String description;

  private DemoDatabase(
      EmbeddedPostgres embedded, DatabaseConfig config, String password, String description) {
    this.embedded = embedded;
    this.config = config;
    this.password = password;
    this.description = description;
  }

  /** Starts a new embedded PostgreSQL whose data lives in {@code dataDirectory}, made fresh. */
  static DemoDatabase embedded(Path dataDirectory) {
    FreshFolder.delete(
        dataDirectory,
        "a PostgreSQL data folder (PG_VERSION)",
        d -> Files.exists(d.resolve("PG_VERSION")));
    try {
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(true)
              .setPGStartupWait(STARTUP_WAIT)
              .start();
      String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
      DatabaseConfig config = DatabaseConfig.builder().jdbcUrl(url).user("postgres").build();
      return new DemoDatabase(
          pg,
          config,
          null,
          "embedded PostgreSQL on localhost:"
              + pg.getPort()
              + ", data in "
              + dataDirectory
              + " (stopped and removed at the end)");
    } catch (IOException e) {
      throw new CommandFailedException(
          "Cannot start the embedded PostgreSQL in "
              + dataDirectory
              + ": "
              + e.getMessage()
              + ". Or point the demo at a running one with --jdbc-url or POSTGRES_HOST.",
          e);
    }
  }

  /** The database the user configured; the demo only adds rows to it. */
  static DemoDatabase configured(DatabaseConfig config, String password) {
    return new DemoDatabase(null, config, password, config.redactedUrl() + " (configured)");
  }

  DatabaseConfig config() {
    return config;
  }

  String description() {
    return description;
  }

  /** A plain JDBC connection for reading the results back. */
  Connection connect() throws SQLException {
    Properties props = config.jdbcProperties();
    props.setProperty("user", config.user());
    if (password != null) {
      props.setProperty("password", password);
    }
    return DriverManager.getConnection(config.jdbcUrl(), props);
  }

  @Override
  public void close() {
    if (embedded == null) {
      return;
    }
    try {
      embedded.close();
    } catch (IOException e) {
      throw new CommandFailedException(
          "Cannot stop the embedded PostgreSQL: "
              + e.getMessage()
              + ". Stop its postgres process"
              + " by hand.",
          e);
    }
  }
}
