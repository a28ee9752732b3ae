package io.sluice.internal.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.Sluice;
import io.sluice.model.HealthStatus;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceStatus;
import io.sluice.model.TraceEvent;
import io.sluice.testing.Eventually;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.Rows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drainer writes only while it holds the spool's lease; otherwise it is a STANDBY, visible in
 * status and health, and takes over when the lease frees. Processes are drilled in {@code
 * StandbyDrainerDrillTest}; here two instances of one JVM (the file lock) and a lock held in
 * PostgreSQL by someone else (the advisory lock).
 */
class DrainerLeaseTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;

  private SluiceConfig config(String instance) {
    return SluiceConfig.builder()
        .instanceName(instance)
        .spoolDirectory(tmp.resolve("spool"))
        .database(postgres.database())
        .flushInterval(Duration.ofMillis(10))
        .build();
  }

  private static TraceEvent trace(int i) {
    return TraceEvent.builder().traceId("t-" + i).eventType("e").build();
  }

  @Test
  void secondDrainer_waitsAsStandby_thenTakesOverWhenTheOwnerCloses() throws Exception {
    Sluice owner = Sluice.start(config("owner"));
    owner.append(trace(0));
    assertTrue(owner.awaitDrained(WAIT), String.valueOf(owner.status()));
    assertEquals("DRAINING", owner.status().drainState());
    try (Sluice second = Sluice.start(config("second"))) {
      Eventually.until(
          "the second drainer in STANDBY",
          WAIT,
          () -> "STANDBY".equals(second.status().drainState()),
          second::status);
      SluiceStatus standby = second.status();
      assertEquals(1, standby.committed(), "a standby shows the owner's checkpoint: " + standby);
      assertEquals(HealthStatus.HEALTHY, second.health().status(), second.health().toString());

      owner.close();
      second.append(trace(1));
      assertTrue(second.awaitDrained(WAIT), String.valueOf(second.status()));
      assertEquals("DRAINING", second.status().drainState());
    } finally {
      owner.close();
    }
    try (Connection c = postgres.connect()) {
      assertEquals(2, Rows.count(c, "trace_events"));
    }
  }

  @Test
  void advisoryLockHeldInPostgres_drainerWritesNothingUntilItIsFree() throws Exception {
    try (Sluice first = Sluice.start(config("first"))) {
      first.append(trace(0));
      assertTrue(first.awaitDrained(WAIT)); // creates the schema and the spool
    }
    try (Connection holder = postgres.connect();
        Statement s = holder.createStatement()) {
      String spoolId;
      try (Sluice probe =
          Sluice.start(
              SluiceConfig.builder()
                  .spoolDirectory(tmp.resolve("spool"))
                  .drainEnabled(false)
                  .build())) {
        spoolId = probe.spoolId();
      }
      try (ResultSet rs =
          s.executeQuery("SELECT pg_try_advisory_lock(" + DrainerLease.key(spoolId) + ")")) {
        rs.next();
        assertTrue(rs.getBoolean(1));
      }
      try (Sluice sluice = Sluice.start(config("fenced"))) {
        sluice.append(trace(1));
        Eventually.until(
            "STANDBY while another session holds the lock",
            WAIT,
            () -> "STANDBY".equals(sluice.status().drainState()),
            sluice::status);
        try (Connection c = postgres.connect()) {
          assertEquals(1, Rows.count(c, "trace_events"), "a fenced drainer wrote");
        }
        s.execute("SELECT pg_advisory_unlock(" + DrainerLease.key(spoolId) + ")");
        assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
      }
    }
    try (Connection c = postgres.connect()) {
      assertEquals(2, Rows.count(c, "trace_events"));
    }
  }

  @Test
  void checkpointMovedUnderTheDrainer_batchIsStale_resumesAfterItWithoutStopping()
      throws Exception {
    try (Sluice sluice = Sluice.start(config("moved"))) {
      for (int i = 0; i < 1_000; i++) {
        sluice.append(trace(i));
      }
      assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
      // Another writer of the checkpoint (a lingering owner, a restore) moves it back under the
      // running drainer: its next batch is stale; it must resume after the checkpoint it finds.
      try (Connection c = postgres.connect()) {
        Rows.execute(
            c,
            "UPDATE agent_observability.spool_checkpoints"
                + " SET last_index = -1, committed_events = 0, dead_lettered_events = 0");
      }
      for (int i = 1_000; i < 1_010; i++) {
        sluice.append(trace(i));
      }
      Eventually.until(
          "the drainer to resume after the moved checkpoint",
          WAIT,
          () -> sluice.status().committed() == 1_010 && sluice.status().backlog() == 0,
          sluice::status);
      SluiceStatus s = sluice.status();
      assertEquals("DRAINING", s.drainState(), s.toString());
      assertEquals(0, s.deadLettered(), s.toString());
      assertTrue(s.accountingHolds(), s.toString());
    }
    try (Connection c = postgres.connect()) {
      assertEquals(1_010, Rows.count(c, "trace_events"), "every event once");
    }
  }
}
