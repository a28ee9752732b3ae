package io.sluice.internal.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sluice.model.DatabaseConfig;

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
    return new HikariDataSource(hc);
  }
}
