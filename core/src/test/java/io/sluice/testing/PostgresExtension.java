package io.sluice.testing;

import io.sluice.model.DatabaseConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test a fresh, empty database on a real PostgreSQL: the server named by {@code
 * SLUICE_TEST_JDBC_URL} (with {@code SLUICE_TEST_USER} / {@code SLUICE_TEST_PASSWORD}) when set,
 * otherwise one embedded server started once per test JVM.
 *
 * <pre>{@code
 * @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
 * ... postgres.database()   // DatabaseConfig of this test's database
 * }</pre>
 */
public final class PostgresExtension implements BeforeEachCallback {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static Server server;

  private DatabaseConfig database;

  @Override
  public void beforeEach(ExtensionContext context) throws SQLException {
    database = createDatabase();
  }

  /** This test's database. */
  public DatabaseConfig database() {
    return database;
  }

  /** A JDBC connection to this test's database, for assertions. */
  public Connection connect() throws SQLException {
    Server s = server();
    return DriverManager.getConnection(database.jdbcUrl(), s.user, s.password);
  }

  /** A new empty database on the shared server. */
  public static DatabaseConfig createDatabase() throws SQLException {
    Server s = server();
    String name = "sluice_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    try (Connection c = DriverManager.getConnection(s.adminUrl, s.user, s.password);
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    DatabaseConfig.Builder b =
        DatabaseConfig.builder()
            .jdbcUrl(s.urlFor(name))
            .user(s.user)
            .poolMaxSize(DatabaseConfig.DEFAULT_POOL_MAX_SIZE);
    if (s.password != null) {
      b.password(s.password);
    }
    return b.build();
  }

  static synchronized Server server() {
    if (server == null) {
      String url = System.getenv("SLUICE_TEST_JDBC_URL");
      server = url != null && !url.isBlank() ? Server.external(url) : Server.embedded();
    }
    return server;
  }

  static final class Server {
    final String adminUrl;
    final String user;
    final String password;
    private final String urlPrefix;

    private Server(String adminUrl, String urlPrefix, String user, String password) {
      this.adminUrl = adminUrl;
      this.urlPrefix = urlPrefix;
      this.user = user;
      this.password = password;
    }

    String urlFor(String database) {
      return urlPrefix + database;
    }

    static Server external(String url) {
      int slash = url.lastIndexOf('/');
      String user = System.getenv().getOrDefault("SLUICE_TEST_USER", "postgres");
      return new Server(
          url, url.substring(0, slash + 1), user, System.getenv("SLUICE_TEST_PASSWORD"));
    }

    static Server embedded() {
      try {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        pg.close();
                      } catch (IOException ignored) {
                        // the JVM is exiting; the server dies with its data folder
                      }
                    }));
        String prefix = "jdbc:postgresql://localhost:" + pg.getPort() + "/";
        return new Server(prefix + "postgres", prefix, "postgres", null);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
      }
    }
  }
}
