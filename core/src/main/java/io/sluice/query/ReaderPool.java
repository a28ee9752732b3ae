package io.sluice.query;

import com.codahale.metrics.MetricRegistry;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.metrics.dropwizard.CodahaleMetricsTrackerFactory;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.MetricNames;
import io.sluice.model.SluiceHealth.PoolUsage;
import java.time.Duration;

/**
 * The query API's own small read-only HikariCP pool, apart from the drainer's so queries never
 * starve it (and the reverse). It starts from {@link DatabaseConfig#poolProperties}, like the
 * drainer's, and adds a server-side statement timeout so a runaway query cannot hold a connection.
 */
final class ReaderPool {
  private ReaderPool() {}

  static HikariDataSource open(
      DatabaseConfig db, String instanceName, int maxConnections, Duration statementTimeout) {
    HikariConfig hc =
        new HikariConfig(
            db.poolProperties(instanceName + "-reader", "sluice-" + instanceName + "-query"));
    hc.setMinimumIdle(0);
    hc.setMaximumPoolSize(maxConnections);
    hc.setReadOnly(true);
    hc.addDataSourceProperty("options", "-c statement_timeout=" + statementTimeout.toMillis());
    return new HikariDataSource(hc);
  }

  /** Publishes HikariCP's pool metrics under {@code sluice.<instance>.db.reader}. */
  static void publishMetrics(HikariDataSource pool, MetricRegistry registry, String instanceName) {
    CodahaleMetricsTrackerFactory codahale = new CodahaleMetricsTrackerFactory(registry);
    String prefix = MetricNames.name(instanceName, MetricNames.POOLS + ".reader");
    pool.setMetricsTrackerFactory((poolName, stats) -> codahale.create(prefix, stats));
  }

  /** The pool's use now. */
  static PoolUsage usage(HikariDataSource pool) {
    HikariPoolMXBean mx = pool.isClosed() ? null : pool.getHikariPoolMXBean();
    if (mx == null) {
      return new PoolUsage(pool.getMaximumPoolSize(), 0, 0, 0);
    }
    return new PoolUsage(
        pool.getMaximumPoolSize(),
        mx.getActiveConnections(),
        mx.getIdleConnections(),
        mx.getThreadsAwaitingConnection());
  }
}
