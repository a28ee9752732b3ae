package io.sluice.internal.drain;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.WeakHashMap;
import org.postgresql.PGConnection;

/**
 * Retires a pooled connection after it served {@code maxBatches} batches (the seed's
 * POSTGRES_MAX_QUERIES_PER_CONNECTION; HikariCP has no such knob, only an age limit). Used by the
 * drainer thread only.
 */
final class ConnectionRetirement {
  private final HikariDataSource dataSource;
  private final int maxBatches;
  private final Map<Object, Integer> served = new WeakHashMap<>();

  ConnectionRetirement(HikariDataSource dataSource, int maxBatches) {
    this.dataSource = dataSource;
    this.maxBatches = maxBatches;
  }

  void afterBatch(Connection pooled) throws SQLException {
    if (maxBatches <= 0) {
      return;
    }
    Object physical = pooled.unwrap(PGConnection.class); // the pool hands out a new proxy each time
    int count = served.merge(physical, 1, Integer::sum);
    if (count >= maxBatches) {
      served.remove(physical);
      dataSource.evictConnection(pooled);
    }
  }
}
