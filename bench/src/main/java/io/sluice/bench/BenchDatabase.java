package io.sluice.bench;

import io.sluice.SluiceDatabase;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.EventKind;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

/**
 * A fresh database for one benchmark trial, with Sluice's schema and the day partitions around
 * today already created: on the server named by {@code SLUICE_BENCH_JDBC_URL} (its admin database,
 * e.g. {@code jdbc:postgresql://db:5432/postgres}; user {@code SLUICE_BENCH_USER}, default {@code
 * postgres}; password {@code SLUICE_BENCH_PASSWORD}), or on an embedded PostgreSQL.
 *
 * <p>The embedded server runs with {@code synchronous_commit=on} (zonky's default is off): every
 * batch commit waits for its WAL flush, as in production, and as in the notes' COPY figures. The
 * database is dropped on {@link #close()}. Not thread-safe.
 */
final class BenchDatabase implements AutoCloseable {
  private static final String[] TABLES = {
    "trace_events",
    "routing_decisions",
    "performance_metrics",
    "transformation_events",
    "spool_checkpoints",
    "metric_rollups",
    "metric_rollups_5m"
  };

  private final EmbeddedPostgres embedded;
  private final String adminUrl;
  private final String user;
  private final String password;
  private final String name;
  private final String url;

  private BenchDatabase(EmbeddedPostgres embedded, String adminUrl, String user, String password)
      throws SQLException {
    this.embedded = embedded;
    this.adminUrl = adminUrl;
    this.user = user;
    this.password = password;
    this.name = "sluice_bench_" + ProcessHandle.current().pid();
    this.url = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + name;
    try (Connection c = DriverManager.getConnection(adminUrl, user, password);
        Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name);
      st.execute("CREATE DATABASE " + name);
    }
  }

  /** Starts (or connects to) the server, creates the database, migrates, makes partitions. */
  static BenchDatabase create() throws IOException, SQLException {
    String external = System.getenv("SLUICE_BENCH_JDBC_URL");
    BenchDatabase db;
    if (external != null && !external.isBlank()) {
      String user = System.getenv().getOrDefault("SLUICE_BENCH_USER", "postgres");
      db = new BenchDatabase(null, external, user, System.getenv("SLUICE_BENCH_PASSWORD"));
    } else {
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start();
      String admin = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
      db = new BenchDatabase(pg, admin, "postgres", null);
    }
    db.prepareSchema();
    return db;
  }

  private void prepareSchema() {
    SluiceDatabase.prepare(config(), 3, Clock.systemUTC());
  }

  /** The database as Sluice's config wants it. */
  DatabaseConfig config() {
    DatabaseConfig.Builder b = DatabaseConfig.builder().jdbcUrl(url).user(user);
    if (password != null) {
      b.password(password);
    }
    return b.build();
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  /** A connection with pgjdbc's {@code reWriteBatchedInserts} on (multi-row INSERTs). */
  Connection connectRewritingBatches() throws SQLException {
    java.util.Properties props = new java.util.Properties();
    props.setProperty("user", user);
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("reWriteBatchedInserts", "true");
    return DriverManager.getConnection(url, props);
  }

  /**
   * Empties the tables (partitions stay) and runs CHECKPOINT, so each measured load starts from
   * empty tables and does not pay for the previous one's dirty pages.
   */
  void reset() throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      StringBuilder sql = new StringBuilder("TRUNCATE ");
      for (int i = 0; i < TABLES.length; i++) {
        sql.append(i == 0 ? "" : ", ").append(EventKind.SCHEMA).append('.').append(TABLES[i]);
      }
      st.execute(sql.toString());
      try {
        st.execute("CHECKPOINT");
      } catch (SQLException e) {
        System.err.println(
            "CHECKPOINT failed on "
                + name
                + ": SQLSTATE "
                + e.getSQLState()
                + " (expected a superuser or pg_checkpoint role); results include the previous"
                + " run's dirty pages. Grant pg_checkpoint to "
                + user
                + ".");
      }
    }
  }

  /** Rows of one kind's table. */
  long count(EventKind kind) throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT count(*) FROM " + EventKind.SCHEMA + "." + kind.tableName())) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The server's version string, e.g. {@code 17.6}. */
  String serverVersion() throws SQLException {
    try (Connection c = connect()) {
      return c.getMetaData().getDatabaseProductVersion();
    }
  }

  @Override
  public void close() throws IOException, SQLException {
    try (Connection c = DriverManager.getConnection(adminUrl, user, password);
        Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }
}
