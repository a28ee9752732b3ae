package io.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.model.LostRangePolicy;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceStatus;
import io.sluice.model.TraceEvent;
import io.sluice.spool.TestSpools;
import io.sluice.spool.TestSpools.MutableClock;
import io.sluice.testing.Eventually;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.Rows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database's checkpoint rolled back across cycle-file boundaries, as a restore from backup (or
 * a failover to a standby that missed the last commits) does: the events table and the checkpoint
 * row are put back, in one transaction, to a consistent snapshot taken earlier, while Sluice runs.
 * Cycle files roll on a clock the test steps, so the rollback crosses files for certain. Within
 * {@code keepCommitted} every event is re-drained, exactly once; with {@code keepCommitted = 0} the
 * lost range is reported exactly (range, count, accounting) and the drainer halts.
 */
class FailoverRollbackTest {
  private static final String SCHEMA = "agent_observability.";
  private static final String TABLE = "trace_events";

  /** Drain lanes: the default (four), or {@code -Dsluice.drill.lanes=1} for one (issue 12). */
  private static final int LANES =
      Integer.getInteger("sluice.drill.lanes", io.sluice.model.SluiceConfig.DEFAULT_DRAIN_LANES);

  private static final int PER_FILE = 1_500;

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;
  private final MutableClock spoolClock =
      new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private final Set<UUID> appended = new HashSet<>();

  private SluiceConfig config(Duration keep, LostRangePolicy onLost) {
    return SluiceConfig.builder()
        .spool(TestSpools.secondly(tmp.resolve("spool"), spoolClock).build())
        .database(postgres.database())
        .maxBatchEvents(500)
        .flushInterval(Duration.ofMillis(5))
        .fatalRetryInterval(Duration.ofMillis(500))
        .keepCommitted(keep)
        .onLostRange(onLost)
        .drainLanes(LANES)
        .build();
  }

  @Test
  void rollbackAcrossCycleFiles_withinKeepCommitted_isReportedAndRedrainedExactlyOnce()
      throws Exception {
    try (Sluice sluice = Sluice.start(config(Duration.ofHours(1), LostRangePolicy.HALT))) {
      appendFiles(sluice, 3);
      Backup backup = backup();
      appendFiles(sluice, 4);
      assertTrue(cycleFiles() >= 7, "committed cycle files are kept: " + cycleFiles());

      long replaced = restore(backup);
      append(sluice, 10); // the drainer's next batch finds the checkpoint moved back

      assertEquals(7L * PER_FILE, replaced);
      awaitCommitted(sluice, 7L * PER_FILE + 10);
      SluiceStatus s = sluice.status();
      assertEquals(replaced - backup.dealtWith(), s.redrainedAfterRollback(), s::toString);
      assertEquals(0, s.lost(), s::toString);
      assertTrue(s.accountingHolds(), s::toString);
    }
    assertEveryEventStoredOnce(appended);
  }

  @Test
  void rollbackPastDeletedCycleFiles_withoutKeep_reportsTheLostRangeExactlyAndHalts()
      throws Exception {
    long lost;
    try (Sluice sluice = Sluice.start(config(Duration.ZERO, LostRangePolicy.HALT))) {
      appendFiles(sluice, 3);
      Backup backup = backup();
      List<Path> files = TestSpools.cycleFiles(spoolDir());
      Path backupFile = files.get(files.size() - 1); // where the last committed event is
      appendFiles(sluice, 4);
      // committed files go within ~5 s of a commit: trickle events until the backup's file is gone
      Eventually.until(
          "the cycle file of the backup's checkpoint to be deleted",
          Duration.ofSeconds(30),
          () -> {
            append(sluice, 1);
            LockSupport.parkNanos(20_000_000);
            return !Files.exists(backupFile);
          },
          sluice::status);
      assertTrue(sluice.awaitDrained(Duration.ofSeconds(30)), () -> "" + sluice.status());
      long firstOnDisk = TestSpools.firstIndexOf(TestSpools.cycleFiles(spoolDir()).get(0));

      restore(backup);
      append(sluice, 10); // the drainer's next batch finds the checkpoint moved back

      Eventually.until(
          "the drainer to halt on the lost range",
          Duration.ofSeconds(30),
          () -> "HALTED_FATAL".equals(sluice.status().drainState()),
          sluice::status);
      SluiceStatus s = sluice.status();
      lost = appended.size() - s.spooledRecords() - backup.dealtWith();
      assertTrue(lost > 0, () -> "records before the first on disk were lost: " + s);
      assertEquals(lost, s.lost(), s::toString);
      assertTrue(s.accountingHolds(), s::toString);
      assertTrue(
          s.lastError().contains(lost + " events of spool")
              && s.lastError().contains("after index " + backup.lastIndex())
              && s.lastError().contains("up to index " + firstOnDisk),
          s::lastError);
      try (Connection c = postgres.connect()) {
        assertEquals(backup.ids().size(), Rows.count(c, TABLE), "halted: nothing written");
      }
    }
    // The operator accepts the loss: everything else lands once, and the loss stays counted.
    try (Sluice sluice = Sluice.start(config(Duration.ZERO, LostRangePolicy.CONTINUE))) {
      assertTrue(sluice.awaitDrained(Duration.ofSeconds(60)), () -> "" + sluice.status());
      SluiceStatus s = sluice.status();
      assertEquals(lost, s.lost(), s::toString);
      assertEquals(appended.size() - lost, s.committed(), s::toString);
      assertTrue(s.accountingHolds(), s::toString);
    }
    try (Connection c = postgres.connect()) {
      List<UUID> stored = Rows.ids(c, TABLE);
      assertEquals(appended.size() - lost, stored.size(), "every event not lost, stored");
      assertEquals(stored.size(), new HashSet<>(stored).size(), "no duplicates");
      assertTrue(appended.containsAll(stored));
      assertEquals(lost, checkpointLostEvents(c));
    }
  }

  private void appendFiles(Sluice sluice, int files) {
    for (int f = 0; f < files; f++) {
      spoolClock.nextCycle();
      append(sluice, PER_FILE);
    }
    assertTrue(sluice.awaitDrained(Duration.ofSeconds(60)), () -> "" + sluice.status());
  }

  private void append(Sluice sluice, int n) {
    for (int i = 0; i < n; i++) {
      UUID id =
          sluice.append(
              TraceEvent.builder().traceId("t").eventType("step").message("m" + i).build());
      assertTrue(appended.add(id));
    }
  }

  private Path spoolDir() {
    return tmp.resolve("spool");
  }

  private long cycleFiles() {
    return TestSpools.cycleFiles(spoolDir()).size();
  }

  private void awaitCommitted(Sluice sluice, long events) {
    Eventually.until(
        events + " events committed again",
        Duration.ofSeconds(60),
        () -> sluice.status().committed() == events && sluice.status().backlog() == 0,
        sluice::status);
  }

  /**
   * The checkpoint rows (one per drain lane: lane, last index, committed, dead-lettered, lost) and
   * the stored ids, from one consistent snapshot.
   */
  record Backup(List<long[]> lanes, Set<UUID> ids) {
    /** The spool's index: the lowest lane's. */
    long lastIndex() {
      return lanes.stream().mapToLong(l -> l[1]).min().orElseThrow();
    }

    long dealtWith() {
      return lanes.stream().mapToLong(l -> l[2] + l[3] + l[4]).sum();
    }
  }

  private Backup backup() throws SQLException {
    try (Connection c = postgres.connect()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT lane, last_index, committed_events, dead_lettered_events, lost_events"
                      + " FROM "
                      + SCHEMA
                      + "spool_checkpoints ORDER BY lane")) {
        List<long[]> lanes = new java.util.ArrayList<>();
        while (rs.next()) {
          lanes.add(
              new long[] {
                rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)
              });
        }
        assertEquals(LANES, lanes.size(), "one spool, one checkpoint row per lane");
        Backup b = new Backup(lanes, new HashSet<>(Rows.ids(c, TABLE)));
        c.commit();
        return b;
      }
    }
  }

  /**
   * Puts the checkpoint rows and the events back to {@code b} in one transaction (the rows locked
   * first, so the drainer cannot commit meanwhile); returns the events the replaced checkpoints had
   * dealt with.
   */
  private long restore(Backup b) throws SQLException {
    try (Connection c = postgres.connect()) {
      c.setAutoCommit(false);
      long replaced = 0;
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT committed_events + dead_lettered_events + lost_events FROM "
                      + SCHEMA
                      + "spool_checkpoints FOR UPDATE")) {
        while (rs.next()) {
          replaced += rs.getLong(1);
        }
      }
      try (PreparedStatement del =
          c.prepareStatement(
              "DELETE FROM " + SCHEMA + TABLE + " WHERE NOT (id = ANY (?::uuid[]))")) {
        del.setArray(1, c.createArrayOf("uuid", b.ids().toArray()));
        del.executeUpdate();
      }
      try (PreparedStatement up =
          c.prepareStatement(
              "UPDATE "
                  + SCHEMA
                  + "spool_checkpoints SET last_index = ?, committed_events = ?,"
                  + " dead_lettered_events = ?, lost_events = ? WHERE lane = ?")) {
        for (long[] lane : b.lanes()) {
          up.setLong(1, lane[1]);
          up.setLong(2, lane[2]);
          up.setLong(3, lane[3]);
          up.setLong(4, lane[4]);
          up.setInt(5, (int) lane[0]);
          up.executeUpdate();
        }
      }
      c.commit();
      return replaced;
    }
  }

  private static long checkpointLostEvents(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT sum(lost_events) FROM " + SCHEMA + "spool_checkpoints")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void assertEveryEventStoredOnce(Set<UUID> ids) throws SQLException {
    try (Connection c = postgres.connect()) {
      List<UUID> stored = Rows.ids(c, TABLE);
      assertEquals(ids.size(), stored.size(), "rows");
      assertEquals(ids, new HashSet<>(stored), "every appended event, once");
    }
  }
}
