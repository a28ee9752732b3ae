package io.sluice.internal.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.SluiceDatabase;
import io.sluice.model.DatabaseConfig;
import io.sluice.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * Many processes starting on one empty database at once (a fleet of spools): each runs the
 * migrations and creates the same day partitions. Threads with a pool each stand in for the
 * processes (each has its own connections, which is what PostgreSQL sees); all must succeed.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ConcurrentPrepareTest {
  private static final int STARTERS = 6;

  @RepeatedTest(2)
  void sixStartersOnAnEmptyDatabase_allSucceed_eachMigrationOnce() throws Exception {
    DatabaseConfig db = PostgresExtension.createDatabase();
    CyclicBarrier gate = new CyclicBarrier(STARTERS);
    ExecutorService pool = Executors.newFixedThreadPool(STARTERS);
    List<Future<Integer>> results = new ArrayList<>();
    try {
      for (int i = 0; i < STARTERS; i++) {
        results.add(
            pool.submit(
                () -> {
                  gate.await();
                  return SluiceDatabase.prepare(db, 3, Clock.systemUTC());
                }));
      }
      int migrationsRun = 0;
      for (Future<Integer> r : results) {
        migrationsRun += r.get(90, TimeUnit.SECONDS); // throws if a starter failed
      }
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
          Statement s = c.createStatement()) {
        long versions =
            one(
                s,
                "SELECT count(*) FROM agent_observability.sluice_schema_history"
                    + " WHERE success AND version IS NOT NULL");
        long duplicates =
            one(
                s,
                "SELECT count(*) - count(DISTINCT version) FROM"
                    + " agent_observability.sluice_schema_history WHERE version IS NOT NULL");
        long partitions =
            one(
                s,
                "SELECT count(*) FROM pg_inherits"
                    + " WHERE inhparent = 'agent_observability.trace_events'::regclass");
        assertEquals(versions, migrationsRun, "migrations run in total, by all starters");
        assertEquals(0, duplicates, "a migration applied twice");
        assertTrue(versions >= 4, "versions applied: " + versions);
        assertEquals(5, partitions, "trace_events partitions, yesterday .. today + 3");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static long one(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
