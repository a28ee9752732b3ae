package io.sluice.internal.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sluice.model.DatabaseConfig;
import java.util.Properties;

/**
 * Makes the HikariCP pools for a {@link DatabaseConfig}. Writes and reads get separate pools so
 * queries never starve the drainer (and the reverse).
 *
 * <p>Pools start even while PostgreSQL is down ({@code initializationFailTimeout = -1}): Sluice
 * must accept events whatever the database is doing; the drainer retries until it connects.
 */
public final class Pools {
  private Pools() {}

  /** The drainer's pool: {@code poolMinSize..poolMaxSize} connections. */
  public static HikariDataSource writer(DatabaseConfig db, String instanceName) {
    HikariConfig hc = base(db, instanceName + "-writer", "sluice-" + instanceName);
    hc.setMinimumIdle(db.poolMinSize());
    hc.setMaximumPoolSize(db.poolMaxSize());
    return new HikariDataSource(hc);
  }

  /**
   * A small read-only pool for queries, with a server-side statement timeout so a runaway query
   * cannot hold a connection.
   */
  public static HikariDataSource reader(
      DatabaseConfig db, String instanceName, int maxConnections, int statementTimeoutMillis) {
    HikariConfig hc = base(db, instanceName + "-reader", "sluice-" + instanceName + "-query");
    hc.setMinimumIdle(0);
    hc.setMaximumPoolSize(maxConnections);
    hc.setReadOnly(true);
    hc.addDataSourceProperty("options", "-c statement_timeout=" + statementTimeoutMillis);
    return new HikariDataSource(hc);
  }

  private static HikariConfig base(DatabaseConfig db, String poolName, String applicationName) {
    HikariConfig hc = new HikariConfig();
    hc.setPoolName(poolName);
    hc.setJdbcUrl(db.jdbcUrl());
    hc.setUsername(db.user());
    if (db.password() != null) {
      hc.setPassword(db.password());
    }
    hc.setMaxLifetime(db.connectionMaxAge().toMillis());
    hc.setConnectionTimeout(db.connectionTimeout().toMillis());
    hc.setInitializationFailTimeout(-1);
    hc.setAutoCommit(true);
    Properties props = db.jdbcProperties();
    props.putIfAbsent("ApplicationName", applicationName);
    props.putIfAbsent("tcpKeepAlive", "true");
    props.putIfAbsent("reWriteBatchedInserts", "true");
    hc.setDataSourceProperties(props);
    return hc;
  }
}
