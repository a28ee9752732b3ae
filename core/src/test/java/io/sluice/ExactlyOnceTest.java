package io.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.model.AgentTransformation;
import io.sluice.model.Event;
import io.sluice.model.EventKind;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingDecision;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceStatus;
import io.sluice.model.TraceEvent;
import io.sluice.testing.PostgresExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every appended event becomes exactly one row: under concurrent writers, across a close in the
 * middle of a batch and a reopen, and when one process writes and another drains.
 */
class ExactlyOnceTest {
  private static final String SCHEMA = "agent_observability.";

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;

  private SluiceConfig.Builder config() {
    return SluiceConfig.builder()
        .spoolDirectory(tmp.resolve("spool"))
        .database(postgres.database())
        .flushInterval(Duration.ofMillis(5))
        .drainLanes(LANES);
  }

  /** Drain lanes: the default (four), or {@code -Dsluice.drill.lanes=1} for one (issue 12). */
  private static final int LANES =
      Integer.getInteger("sluice.drill.lanes", io.sluice.model.SluiceConfig.DEFAULT_DRAIN_LANES);

  @Test
  void eightWriters_whileDraining_everyEventLandsExactlyOnce() throws Exception {
    int threads = 8;
    int perThread = 100_000;
    UUID[][] ids = new UUID[threads][perThread];
    try (Sluice sluice = Sluice.start(config().build())) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int writer = t;
        writers.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < perThread; i++) {
                    ids[writer][i] = sluice.append(event(writer, i));
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> w : writers) {
        w.get(5, TimeUnit.MINUTES);
      }
      pool.shutdown();
      assertTrue(
          sluice.awaitDrained(Duration.ofMinutes(5)), () -> "not drained: " + sluice.status());
      SluiceStatus status = sluice.status();
      assertEquals(800_000, status.committed());
      assertEquals(0, status.backlog());
    }
    Set<UUID> appended = new HashSet<>(1_100_000);
    for (UUID[] writer : ids) {
      for (UUID id : writer) {
        assertTrue(appended.add(id), "append returned id " + id + " twice");
      }
    }
    try (Connection c = postgres.connect()) {
      for (EventKind kind : EventKind.values()) {
        assertEquals(200_000, count(c, "count(*)", kind.tableName()), kind.tableName());
      }
      assertEquals(800_000, count(c, "count(*)", allIds()));
      assertEquals(800_000, count(c, "count(DISTINCT id)", allIds()));
      assertEveryIdStoredOnce(c, appended);
    }
  }

  /**
   * Closes the first Sluice while a batch is in flight (its checkpoint update is held back by a
   * table lock, then cancelled), so some batches are committed and the rest wait in the spool.
   */
  @Test
  void closeMidBatch_thenReopen_resumesAtCheckpointWithNoGapAndNoDuplicate() throws Exception {
    Set<UUID> appended = new HashSet<>();
    SluiceConfig config =
        config().maxBatchEvents(1_000).flushInterval(Duration.ofMillis(1)).build();
    Sluice first = Sluice.start(config);
    try {
      appendMany(first, 1_000, appended);
      assertTrue(
          first.awaitDrained(Duration.ofSeconds(60)), () -> "not drained: " + first.status());
      closeWithBatchInFlight(first, () -> appendMany(first, 29_000, appended));
    } finally {
      first.close();
    }
    try (Connection c = postgres.connect()) {
      assertEquals(1_000, checkpointEvents(c), "only the batches before the lock committed");
      assertEquals(1_000, count(c, "count(*)", allIds()), "the cancelled batch rolled back");
    }

    try (Sluice second = Sluice.start(config)) {
      appendMany(second, 10_000, appended);
      assertTrue(
          second.awaitDrained(Duration.ofSeconds(60)), () -> "not drained: " + second.status());
      assertEquals(40_000, second.status().committed());
      assertEquals(
          0, second.status().deadLettered(), "a cancelled batch is retried, not set aside");
    }
    try (Connection c = postgres.connect()) {
      assertEquals(40_000, count(c, "count(*)", allIds()));
      assertEquals(40_000, count(c, "count(DISTINCT id)", allIds()));
      assertEquals(40_000, checkpointEvents(c));
      assertEquals(LANES, count(c, "count(*)", "spool_checkpoints"));
      assertEveryIdStoredOnce(c, appended);
    }
  }

  @Test
  void writerOnlyProcess_appends_drainingProcessOnSameSpoolDrainsAll() throws Exception {
    Set<UUID> appended = new HashSet<>();
    try (Sluice writer = Sluice.start(config().drainEnabled(false).build())) {
      appendMany(writer, 20_000, appended);
      try (Sluice drainer = Sluice.start(config().build())) {
        assertEquals(writer.spoolId(), drainer.spoolId());
        appendMany(writer, 5_000, appended); // while the other one drains
        assertTrue(
            drainer.awaitDrained(Duration.ofSeconds(60)), () -> "not drained: " + drainer.status());
        assertEquals(25_000, drainer.status().committed());
        assertEquals(0, drainer.status().backlog());
      }
    }
    try (Connection c = postgres.connect()) {
      assertEquals(25_000, count(c, "count(*)", allIds()));
      assertEquals(25_000, checkpointEvents(c));
      assertEveryIdStoredOnce(c, appended);
    }
  }

  static Event event(int writer, int i) {
    return switch (i % 4) {
      case 0 ->
          TraceEvent.builder().traceId("w" + writer).eventType("step").message("m" + i).build();
      case 1 ->
          RoutingDecision.builder()
              .selectedAgent("a" + writer)
              .confidenceScore((i % 100) / 100.0)
              .routingStrategy("s")
              .build();
      case 2 -> PerformanceMetric.builder().metricName("m" + writer).metricValue(i).build();
      default ->
          AgentTransformation.builder()
              .sourceAgent("a" + writer)
              .targetAgent("b")
              .transformationType("x")
              .build();
    };
  }

  private static void appendMany(Sluice sluice, int n, Set<UUID> appended) {
    for (int i = 0; i < n; i++) {
      assertTrue(appended.add(sluice.append(event(0, i))));
    }
  }

  /**
   * Holds the checkpoint table locked while {@code append} runs, so the drainer's next batch blocks
   * before it can commit; then closes {@code sluice} and cancels the blocked statement.
   */
  private void closeWithBatchInFlight(Sluice sluice, Runnable append) throws Exception {
    try (Connection locker = postgres.connect()) {
      locker.setAutoCommit(false);
      try (Statement st = locker.createStatement()) {
        st.execute("LOCK TABLE " + SCHEMA + "spool_checkpoints IN ACCESS EXCLUSIVE MODE");
      }
      append.run();
      awaitBackendWaitingOnLock(locker);
      CompletableFuture<Void> closing = CompletableFuture.runAsync(sluice::close);
      // Cancel until close returns: a drainer that retried before it saw the close blocks again.
      while (!closing.isDone()) {
        cancelLockWaiters(locker);
        try {
          closing.get(50, TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillClosing) {
          // cancel again
        }
      }
      closing.get();
      locker.rollback();
    }
  }

  /** Waits until another backend of this database (the drainer) waits on a lock. */
  private static void awaitBackendWaitingOnLock(Connection c) throws SQLException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String sql =
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            + " AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'";
    while (System.nanoTime() - deadline < 0) {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(sql)) {
        if (rs.next()) {
          return;
        }
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    throw new AssertionError("the drainer never blocked on the locked checkpoint table");
  }

  private static void cancelLockWaiters(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(
          "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
              + " AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'");
    }
  }

  /** Every id in the four tables was returned by append, and every appended id is stored. */
  private static void assertEveryIdStoredOnce(Connection c, Set<UUID> appended)
      throws SQLException {
    Set<UUID> missing = new HashSet<>(appended);
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false); // a cursor, so 800K ids are streamed, not loaded at once
    try (Statement st = c.createStatement()) {
      st.setFetchSize(50_000);
      try (ResultSet rs = st.executeQuery("SELECT id FROM " + allIds())) {
        while (rs.next()) {
          UUID id = rs.getObject(1, UUID.class);
          assertTrue(
              missing.remove(id), "stored id " + id + " is a duplicate or was never appended");
        }
      }
    } finally {
      c.commit();
      c.setAutoCommit(autoCommit);
    }
    assertTrue(missing.isEmpty(), missing.size() + " appended events are not in PostgreSQL");
  }

  /** The ids of all four tables, as a FROM item. */
  private static String allIds() {
    List<String> selects = new ArrayList<>();
    for (EventKind kind : EventKind.values()) {
      selects.add("SELECT id FROM " + SCHEMA + kind.tableName());
    }
    return "(" + String.join(" UNION ALL ", selects) + ") ids";
  }

  private static long checkpointEvents(Connection c) throws SQLException {
    return count(c, "sum(committed_events)", "spool_checkpoints");
  }

  private static long count(Connection c, String what, String from) throws SQLException {
    String table = from.startsWith("(") ? from : SCHEMA + from;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT " + what + " FROM " + table)) {
      assertTrue(rs.next(), "no row from " + table);
      return rs.getLong(1);
    }
  }
}
