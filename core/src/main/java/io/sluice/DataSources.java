package io.sluice;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Properties;

/**
 * Makes the HikariCP pool for a {@link DatabaseConfig}: the only place the password is read.
 *
 * <p>The pool starts even while PostgreSQL is down ({@code initializationFailTimeout = -1}): Sluice
 * must accept events whatever the database is doing, and the drainer retries until it connects.
 */
final class DataSources {
  private DataSources() {}

  static HikariDataSource writerPool(DatabaseConfig db, String instanceName) {
    HikariConfig hc = new HikariConfig();
    hc.setPoolName(instanceName + "-writer");
    hc.setJdbcUrl(db.jdbcUrl());
    hc.setUsername(db.user());
    if (db.password() != null) {
      hc.setPassword(db.password());
    }
    hc.setMinimumIdle(db.poolMinSize());
    hc.setMaximumPoolSize(db.poolMaxSize());
    hc.setMaxLifetime(db.connectionMaxAge().toMillis());
    hc.setConnectionTimeout(db.connectionTimeout().toMillis());
    hc.setInitializationFailTimeout(-1);
    hc.setAutoCommit(true);
    Properties props = db.jdbcProperties();
    props.putIfAbsent("ApplicationName", "sluice-" + instanceName);
    props.putIfAbsent("tcpKeepAlive", "true");
    props.putIfAbsent("reWriteBatchedInserts", "true");
    hc.setDataSourceProperties(props);
    return new HikariDataSource(hc);
  }
}
