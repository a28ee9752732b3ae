package io.sluice.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sluice.model.DatabaseConfig;
import io.sluice.testing.Eventually;
import io.sluice.testing.RestartablePostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two, then three drainer processes on one spool while a writer process appends (1,000 events/s):
 * the owner is killed ({@code kill -9}) at random moments and restarted. Every append is stored
 * exactly once, nothing is dead-lettered, a standby takes over each time (the gap from the kill to
 * the successor's DRAINING is printed; the test only bounds it), and the PostgreSQL server log has
 * no 53200 ("out of shared memory"): the second drainer never writes rows the first committed.
 *
 * <p>Kill timing: 300-1500 ms after the current owner reports DRAINING, so kills land while batches
 * are in flight and between them; the killed drainer is restarted 0-1000 ms later and joins as a
 * standby. {@code -Dsluice.drill.seed=N} replays a schedule.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class StandbyDrainerDrillTest {
  static final int KILLS_PER_SCENARIO = 3;
  static final int EVENTS = 15_000;
  static final int EVENTS_PER_SECOND = 1_000;
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Duration TAKE_OVER = Duration.ofSeconds(30);

  @TempDir Path tmp;

  @Test
  void twoAndThreeDrainers_ownerKilledAtRandom_standbyTakesOverAndEveryEventLandsOnce()
      throws Exception {
    long seed = Long.getLong("sluice.drill.seed", System.nanoTime());
    Random random = new Random(seed);
    long started = System.nanoTime();
    List<Long> gaps = new ArrayList<>();
    try (RestartablePostgres pg =
        RestartablePostgres.startLogging(tmp.resolve("pg"), tmp.resolve("server.log"))) {
      DatabaseConfig db = pg.createDatabase("drill");
      for (int drainers = 2; drainers <= 3; drainers++) {
        scenario(drainers, db, pg, random, gaps);
      }
      String log = pg.serverLog();
      System.out.printf(
          "standby drill: seed=%d drainers=2 then 3, kills=%d, events=%d per scenario at %d/s,"
              + " take-over gaps (kill -> successor DRAINING) ms=%s, max=%d ms, elapsed=%ds%n",
          seed,
          gaps.size(),
          EVENTS,
          EVENTS_PER_SECOND,
          gaps,
          gaps.stream().mapToLong(Long::longValue).max().orElse(-1),
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
      assertAll(
          () -> assertTrue(log.contains("sqlstate=00000:"), "the server log has no SQLSTATEs"),
          () -> assertFalse(log.contains("sqlstate=53200:"), "53200 in the server log"),
          () -> assertFalse(log.contains("out of shared memory"), "out of shared memory"),
          () -> assertFalse(log.contains("sqlstate=23505:"), "a drainer wrote stored rows"),
          () -> assertEquals(2 * KILLS_PER_SCENARIO, gaps.size(), "take-overs seen"));
    }
  }

  private void scenario(
      int drainerCount, DatabaseConfig db, RestartablePostgres pg, Random random, List<Long> gaps)
      throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(drainerCount + "-drainers"));
    Path spool = dir.resolve("spool");
    Path gate = Files.createFile(dir.resolve("go"));
    Path stop = dir.resolve("stop");
    Peers peers = new Peers(db, dir.resolve("logs"));
    String label = "standby" + drainerCount;
    List<ChildJvm> drainers = new ArrayList<>();
    List<ChildJvm> everyone = new ArrayList<>();
    try {
      ChildJvm writer = peers.writer(spool, gate, label, EVENTS, EVENTS_PER_SECOND);
      everyone.add(writer);
      for (int i = 0; i < drainerCount; i++) {
        ChildJvm d = peers.drainer(spool, gate, stop, "drainer" + i);
        drainers.add(d);
        everyone.add(d);
      }
      for (int k = 0; k < KILLS_PER_SCENARIO; k++) {
        int owner = awaitOwner(drainers, -1);
        TimeUnit.MILLISECONDS.sleep(300 + random.nextInt(1200)); // the drill's point: any moment
        int ownerNow = currentOwner(drainers);
        owner = ownerNow >= 0 ? ownerNow : owner;
        long killedAt = System.currentTimeMillis();
        drainers.get(owner).kill();
        int successor = awaitOwner(drainers, killedAt);
        gaps.add(drainingSince(drainers.get(successor)) - killedAt);
        TimeUnit.MILLISECONDS.sleep(random.nextInt(1000));
        ChildJvm restarted = peers.drainer(spool, gate, stop, "drainer" + owner + "-restart" + k);
        drainers.set(owner, restarted);
        everyone.add(restarted);
      }
      writer.awaitLine(SpoolPeerChild.APPENDED, WAIT);
      assertEquals(0, writer.awaitExit(WAIT), () -> "the writer failed:\n" + writer.tail(30));
      try (Connection c = pg.connect("drill")) {
        Eventually.until(
            "all " + EVENTS + " events of " + label + " committed",
            WAIT,
            () -> rows(c, label) == EVENTS,
            () -> rows(c, label) + " rows");
      }
      Files.createFile(stop);
      for (ChildJvm d : drainers) {
        d.awaitLine("CLOSED", WAIT);
        assertEquals(0, d.awaitExit(WAIT), () -> "a drainer failed:\n" + d.tail(30));
      }
      check(pg, spool, label, Peers.valueAfter(writer, SpoolPeerChild.ID));
    } finally {
      for (ChildJvm child : everyone) {
        child.close();
      }
    }
  }

  private static void check(RestartablePostgres pg, Path spool, String label, String spoolId)
      throws Exception {
    long rows;
    long distinct;
    long committed;
    long dead;
    try (Connection c = pg.connect("drill");
        Statement s = c.createStatement()) {
      rows = rows(c, label);
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(DISTINCT trace_id) FROM agent_observability.trace_events"
                  + " WHERE agent_name = '"
                  + label
                  + "'")) {
        rs.next();
        distinct = rs.getLong(1);
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT sum(committed_events), sum(dead_lettered_events) FROM"
                  + " agent_observability.spool_checkpoints WHERE spool_id = '"
                  + spoolId
                  + "'")) {
        assertTrue(rs.next() && rs.getObject(1) != null, "no checkpoint row for spool " + spoolId);
        committed = rs.getLong(1);
        dead = rs.getLong(2);
      }
    }
    assertAll(
        () -> assertEquals(EVENTS, rows, label + ": rows"),
        () -> assertEquals(rows, distinct, label + ": an event stored twice"),
        () -> assertEquals(EVENTS, committed, label + ": checkpoint's committed count"),
        () -> assertEquals(0, dead, label + ": dead-lettered"),
        () -> assertEquals(0, Peers.deadLettersOnDisk(spool), label + ": dead letters on disk"));
  }

  /**
   * Waits until one drainer reports DRAINING (after {@code afterMillis}, if not -1) and returns its
   * slot.
   */
  private static int awaitOwner(List<ChildJvm> drainers, long afterMillis) {
    long deadline = System.nanoTime() + TAKE_OVER.toNanos();
    while (System.nanoTime() - deadline < 0) {
      int owner = currentOwner(drainers);
      if (owner >= 0 && drainingSince(drainers.get(owner)) >= afterMillis) {
        return owner;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    StringBuilder state = new StringBuilder();
    for (ChildJvm d : drainers) {
      state.append("\n--- ").append(d.pid()).append(":\n").append(d.tail(15));
    }
    fail("no drainer took over within " + TAKE_OVER + state);
    return -1;
  }

  /** The slot of the live drainer whose last state is DRAINING, or -1. */
  private static int currentOwner(List<ChildJvm> drainers) {
    for (int i = 0; i < drainers.size(); i++) {
      ChildJvm d = drainers.get(i);
      if (d.isAlive() && drainingSince(d) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** When the child's last state change was to DRAINING (epoch millis), or -1 if it was not. */
  private static long drainingSince(ChildJvm d) {
    List<String> states =
        d.output().lines().filter(l -> l.startsWith(SpoolPeerChild.STATE)).toList();
    if (states.isEmpty()) {
      return -1;
    }
    String[] last = states.get(states.size() - 1).split(" ");
    return last[1].equals("DRAINING") ? Long.parseLong(last[2]) : -1;
  }

  private static long rows(Connection c, String label) {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM agent_observability.trace_events WHERE agent_name = '"
                    + label
                    + "'")) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      return -1;
    }
  }
}
