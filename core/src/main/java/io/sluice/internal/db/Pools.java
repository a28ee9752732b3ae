package io.sluice.internal.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sluice.model.DatabaseConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Makes the drainer's HikariCP pool for a {@link DatabaseConfig}. Queries get their own pool
 * ({@code SluiceQueries}), so they never starve the drainer (and the reverse); both start from
 * {@link DatabaseConfig#poolProperties}.
 *
 * <p>Pools start even while PostgreSQL is down ({@code initializationFailTimeout = -1}): Sluice
 * must accept events whatever the database is doing; the drainer retries until it connects.
 */
public final class Pools {
  private Pools() {}

  /** The drainer's pool: {@code poolMinSize..poolMaxSize} connections. */
  public static HikariDataSource writer(DatabaseConfig db, String instanceName) {
    HikariConfig hc =
        new HikariConfig(db.poolProperties(instanceName + "-writer", "sluice-" + instanceName));
    hc.setMinimumIdle(db.poolMinSize());
    hc.setMaximumPoolSize(db.poolMaxSize());
    hc.setExceptionOverride(new ReadOnlyEviction()); // a standby after a failover: reconnect
    return new HikariDataSource(hc);
  }

  /**
   * A connection of its own, outside {@code pool} but with the same URL, role, password and pgjdbc
   * properties, for a session that must outlive any one batch (the drainer's lease holds a session
   * advisory lock on it). Connecting waits at most the pool's {@code connectionTimeout} (at least 1
   * s); TCP keepalives are on, so the server notices a dead client.
   */
  public static Connection session(HikariDataSource pool, String applicationName)
      throws SQLException {
    Properties props = new Properties();
    props.putAll(pool.getDataSourceProperties());
    props.setProperty("user", pool.getUsername());
    if (pool.getPassword() != null) {
      props.setProperty("password", pool.getPassword());
    }
    props.setProperty("ApplicationName", applicationName);
    props.setProperty("tcpKeepAlive", "true");
    String seconds = Long.toString(Math.max(1, pool.getConnectionTimeout() / 1000));
    props.putIfAbsent("connectTimeout", seconds);
    props.putIfAbsent("loginTimeout", seconds);
    Connection c = new org.postgresql.Driver().connect(pool.getJdbcUrl(), props);
    if (c == null) {
      throw new SQLException("Not a PostgreSQL JDBC URL: " + pool.getJdbcUrl(), "08001");
    }
    return c;
  }
}
