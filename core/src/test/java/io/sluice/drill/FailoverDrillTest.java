package io.sluice.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.Sluice;
import io.sluice.drill.PacedWriter.Phase;
import io.sluice.model.CommitDurability;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceStatus;
import io.sluice.testing.Eventually;
import io.sluice.testing.RestartablePostgres;
import io.sluice.testing.Rows;
import io.sluice.testing.StreamingPair;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL fails over under load, as Patroni or a managed service would do it, with the rollback
 * that matters forced: a primary and an asynchronous streaming standby (started by the test),
 * Sluice draining through the multi-host URL ({@code targetServerType=primary}) while a writer
 * appends. Replication is cut, the drainer commits a few seconds more on the primary only, the
 * primary is killed ({@code pg_ctl stop -m immediate}) and the standby promoted. The new primary's
 * checkpoint is behind what the drainer committed: Sluice must reconnect to the new primary by
 * itself, report the rollback with its exact count (one WARN, status, metric) and re-drain from the
 * spool (the default {@code keepCommitted} keeps those records). Every acknowledged event ends up
 * in the new primary exactly once, nothing is lost, and the accounting is exact.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FailoverDrillTest {
  private static final String DATABASE = "drill";
  private static final int EVENTS_PER_SECOND = 5_000;
  private static final long CUT_MILLIS = 3_000;

  @TempDir Path tmp;

  @Test
  void
      primaryKilledAfterReplicationCut_standbyPromoted_everyAckedEventLandsOnceAndRollbackReported()
          throws Exception {
    try (StreamingPair pair = StreamingPair.start(tmp.resolve("pg"), DATABASE);
        LogCapture log = LogCapture.attach("io.sluice")) {
      SluiceConfig config = config(pair).build();
      long committedOnLostPrimary;
      long standbyCheckpoint;
      SluiceStatus end;
      List<UUID> acked;
      try (Sluice sluice = Sluice.start(config)) {
        PacedWriter writer = PacedWriter.start(sluice, EVENTS_PER_SECOND);
        Eventually.until(
            "first commits through the multi-host URL",
            Duration.ofSeconds(60),
            () -> sluice.status().committed() > 2 * EVENTS_PER_SECOND,
            sluice::status);
        writer.phase(Phase.BEFORE);

        pair.cutReplication();
        long atCut = sluice.status().committed();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(CUT_MILLIS));
        writer.phase(Phase.OUTAGE);
        // Hold the drainer's next batch back, so what it committed on the primary is known
        // exactly when the primary dies (the lock dies with it).
        Connection locker = pair.primary().connect(DATABASE);
        locker.setAutoCommit(false);
        Rows.execute(locker, "LOCK TABLE agent_observability.spool_checkpoints");
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
        // What the primary holds: with drain lanes, status counts a batch once every lane is done
        // with it, and a lane may have committed a batch or two more.
        committedOnLostPrimary = dealtWith(locker);
        standbyCheckpoint = pair.failOver(FailoverDrillTest::checkpointOf);
        closeQuietly(locker);
        assertTrue(
            committedOnLostPrimary > atCut,
            "the drainer committed on the primary alone after the cut: " + sluice.status());

        writer.phase(Phase.RECOVERY);
        Eventually.until(
            "Sluice to drain into the new primary",
            Duration.ofSeconds(60),
            () -> sluice.status().committed() > committedOnLostPrimary,
            sluice::status);
        writer.stop();
        acked = writer.ids();
        assertTrue(sluice.awaitDrained(Duration.ofSeconds(60)), () -> "" + sluice.status());
        end = sluice.status();
      }

      long rolledBack = committedOnLostPrimary - standbyCheckpoint;
      System.out.printf(
          "failover drill: %d events appended and acknowledged, %d committed on the old primary"
              + " before the kill, new primary's checkpoint at %d: rollback of %d events seen and"
              + " re-drained (%d reported), %d lost, %d committed in the end%n",
          acked.size(),
          committedOnLostPrimary,
          standbyCheckpoint,
          rolledBack,
          end.redrainedAfterRollback(),
          end.lost(),
          end.committed());
      assertTrue(rolledBack > 0, "the forced rollback happened: " + end);
      assertEquals(rolledBack, end.redrainedAfterRollback(), "the rollback reported, exactly");
      assertEquals(0, end.lost(), end::toString);
      assertEquals(acked.size(), end.appended(), end::toString);
      assertEquals(acked.size(), end.committed(), end::toString);
      assertTrue(end.accountingHolds(), end::toString);
      List<String> warnings =
          log.lines().stream()
              .filter(l -> l.startsWith("WARN") && l.contains("lost its last " + rolledBack))
              .toList();
      assertEquals(1, warnings.size(), () -> "one WARN with the count: " + log.lines());
      try (Connection c = pair.standby().connect(DATABASE)) {
        List<UUID> stored = Rows.ids(c, "trace_events");
        assertEquals(acked.size(), stored.size(), "rows in the new primary");
        assertEquals(new HashSet<>(acked), Set.copyOf(stored), "every acknowledged event, once");
      }
    }
  }

  /**
   * The same failover with {@code commitDurability = REPLICATED} and the standby synchronous: once
   * replication is cut the drainer's commits wait instead of committing on the primary alone, so
   * the promoted standby has every commit Sluice saw: no rollback, nothing re-drained, every
   * acknowledged event once (the batch whose COMMIT was cut off is retried on the new primary).
   */
  @Test
  void replicatedDurability_withSynchronousStandby_failoverLosesNoCommit() throws Exception {
    try (StreamingPair pair = StreamingPair.start(tmp.resolve("pg"), DATABASE);
        LogCapture log = LogCapture.attach("io.sluice")) {
      pair.makeStandbySynchronous();
      SluiceConfig config = config(pair).commitDurability(CommitDurability.REPLICATED).build();
      long committedBeforeFailover;
      long standbyCheckpoint;
      SluiceStatus end;
      List<UUID> acked;
      try (Sluice sluice = Sluice.start(config)) {
        PacedWriter writer = PacedWriter.start(sluice, EVENTS_PER_SECOND);
        Eventually.until(
            "first replicated commits",
            Duration.ofSeconds(60),
            () -> sluice.status().committed() > 2 * EVENTS_PER_SECOND,
            sluice::status);
        pair.cutReplication();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(CUT_MILLIS));
        committedBeforeFailover = sluice.status().committed();
        standbyCheckpoint = pair.failOver(FailoverDrillTest::checkpointOf);
        Eventually.until(
            "Sluice to drain into the new primary",
            Duration.ofSeconds(60),
            () -> sluice.status().committed() > committedBeforeFailover,
            sluice::status);
        writer.stop();
        acked = writer.ids();
        assertTrue(sluice.awaitDrained(Duration.ofSeconds(60)), () -> "" + sluice.status());
        end = sluice.status();
      }
      System.out.printf(
          "replicated failover drill: %d events acknowledged, %d committed before the kill, new"
              + " primary's checkpoint at %d, %d re-drained, %d lost%n",
          acked.size(),
          committedBeforeFailover,
          standbyCheckpoint,
          end.redrainedAfterRollback(),
          end.lost());
      assertTrue(
          log.lines().stream().anyMatch(l -> l.contains("waits until a synchronous standby")),
          "says replicated durability is in force");
      // Status counts a batch once every drain lane is done with it; a lane may have committed
      // one more, so the standby may hold more than status counted, never less. That no lane's
      // commit was lost is what the (lane by lane, exact) rollback count of 0 says.
      assertTrue(
          standbyCheckpoint >= committedBeforeFailover,
          "every commit counted is on the standby: " + standbyCheckpoint);
      assertEquals(0, end.redrainedAfterRollback(), end::toString);
      assertEquals(0, end.lost(), end::toString);
      assertEquals(acked.size(), end.committed(), end::toString);
      assertTrue(end.accountingHolds(), end::toString);
      try (Connection c = pair.standby().connect(DATABASE)) {
        List<UUID> stored = Rows.ids(c, "trace_events");
        assertEquals(acked.size(), stored.size(), "rows in the new primary");
        assertEquals(new HashSet<>(acked), Set.copyOf(stored), "every acknowledged event, once");
      }
    }
  }

  /** Sluice on the pair's multi-host URL, small batches, a breaker that probes every second. */
  private SluiceConfig.Builder config(StreamingPair pair) {
    return SluiceConfig.builder()
        .instanceName("failover-drill")
        .spoolDirectory(tmp.resolve("spool"))
        .database(database(pair))
        .maxBatchEvents(1_000)
        .flushInterval(Duration.ofMillis(20))
        .breakerOpenDuration(Duration.ofSeconds(1));
  }

  private static DatabaseConfig database(StreamingPair pair) {
    return DatabaseConfig.builder()
        .jdbcUrl(pair.multiHostUrl(DATABASE))
        .user(RestartablePostgres.SUPERUSER)
        .connectionTimeout(Duration.ofSeconds(1))
        .build();
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // its server was killed: nothing to close
    }
  }

  /** Events the checkpoint on {@code server} has dealt with (committed + set aside + lost). */
  private static long checkpointOf(RestartablePostgres server) throws SQLException {
    try (Connection c = server.connect(DATABASE)) {
      return dealtWith(c);
    }
  }

  /** Events the spool's checkpoint rows (one per drain lane) have dealt with, added up. */
  private static long dealtWith(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT sum(committed_events + dead_lettered_events + lost_events)"
                    + " FROM agent_observability.spool_checkpoints")) {
      assertTrue(rs.next() && rs.getObject(1) != null, "the checkpoint rows are there");
      return rs.getLong(1);
    }
  }
}
