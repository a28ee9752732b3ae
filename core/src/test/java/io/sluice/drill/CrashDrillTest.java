package io.sluice.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.Sluice;
import io.sluice.inspect.DeadLetters;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.DeadLetter;
import io.sluice.model.SluiceStatus;
import io.sluice.spool.TestSpools;
import io.sluice.testing.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across crashes: a child JVM ({@link CrashChild}) appends from two threads and
 * drains, and is killed with {@code kill -9} at random moments, {@value #KILLS} times, each time
 * restarted on the same spool and database. Then a Sluice in this JVM drains what is left, and:
 *
 * <ul>
 *   <li>every append that returned (the children's {@link AckLog}s) is a row, with the id append
 *       returned;
 *   <li>per run and thread the stored sequence numbers have no gap, and at most one more than was
 *       acknowledged (the append that returned just before the kill, before its ack was written);
 *   <li>no id and no sequence number is stored twice; rows == records in the spool == committed;
 *       the accounting holds with nothing dead-lettered, dropped or pending.
 * </ul>
 *
 * Kill timing: three kills in four wait until the child has committed a batch, then 200-1500 ms, so
 * they land while appends, batches (COPY, checkpoint, COMMIT) and the read after a commit are under
 * way; every fourth kill lands 0-300 ms after appending starts, while the drainer connects,
 * migrates and resumes from its checkpoint. {@code -Dsluice.drill.seed=N} replays a schedule.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class CrashDrillTest {
  static final int KILLS = 24;
  private static final Duration CHILD_READY = Duration.ofSeconds(90);

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;

  @Test
  void killedAtRandomMoments_restartedOnSameSpool_everyAcknowledgedAppendStoredExactlyOnce()
      throws Exception {
    long started = System.nanoTime();
    long seed = Long.getLong("sluice.drill.seed", System.nanoTime());
    Path spool = tmp.resolve("spool");
    Path acks = Files.createDirectories(tmp.resolve("acks"));
    DatabaseConfig db = postgres.database();

    Kills kills = killRepeatedly(spool, acks, tmp.resolve("logs"), db, new Random(seed));

    SluiceStatus status;
    try (Sluice sluice = Sluice.start(CrashChild.config(spool, db))) {
      assertTrue(
          sluice.awaitDrained(Duration.ofMinutes(3)), () -> "not drained: " + sluice.status());
      status = sluice.status();
    }
    boolean cycleDeleted = !firstCycle(spool).equals(kills.firstCycle);

    AckCheck check = new AckCheck(acks, KILLS, CrashChild.WRITERS);
    StoredTraces.Counts counts;
    try (Connection c = postgres.connect()) {
      StoredTraces.forEach(c, check::stored);
      counts = StoredTraces.counts(c);
      assertEquals(1, StoredTraces.checkpoints(c), "one checkpoint row for the one spool");
    }
    check.finish();

    System.out.printf(
        "crash drill: seed=%d kills=%d appends acknowledged=%d rows=%d delivered-unacknowledged=%d"
            + " spooled=%d committed=%d elapsed=%ds%n  drainer's session just before each kill:"
            + " %s%n  kill schedule: %s%n",
        seed,
        KILLS,
        check.acknowledged(),
        counts.rows(),
        check.unacknowledgedStored(),
        status.spooledRecords(),
        status.committed(),
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
        kills.landedIn,
        kills.schedule);

    long rows = counts.rows();
    // A kill in the middle of an append can leave a torn record that was never acknowledged: it
    // must surface as a DAMAGED dead letter (counted, never silent). Any other dead letter fails.
    List<DeadLetter> letters = DeadLetters.read(spool);
    long torn = letters.stream().filter(d -> d.reason() == DeadLetter.Reason.DAMAGED).count();
    assertAll(
        () -> assertEquals(torn, letters.size(), "dead letters not from a torn write: " + letters),
        () -> assertEquals(List.of(), check.problems(), "rows vs acknowledged appends"),
        () -> assertEquals(rows, counts.distinctIds(), "an id stored twice"),
        () -> assertEquals(rows, counts.distinctTraceIds(), "a sequence number stored twice"),
        () -> assertTrue(check.acknowledged() > 0, "the children appended nothing"),
        () -> assertEquals(rows, status.committed(), "rows vs the checkpoint's committed count"),
        () -> assertEquals(0, status.backlog(), "backlog"),
        () -> assertEquals(torn, status.deadLettered(), "dead-lettered besides torn records"),
        () -> assertEquals(0, status.dropped(), "dropped"),
        () ->
            assertEquals(
                status.appended(),
                status.committed() + status.deadLettered() + status.dropped() + status.backlog(),
                "accounting"),
        () -> {
          if (!cycleDeleted) { // after a deleted cycle the spool no longer holds every record
            assertEquals(rows + torn, status.spooledRecords(), "rows vs records in the spool");
          }
        });
  }

  /** When each kill came and what the drainer was doing; the spool's first cycle after run 0. */
  private static final class Kills {
    final List<String> schedule = new ArrayList<>();
    final Map<String, Integer> landedIn = new TreeMap<>();
    String firstCycle;
  }

  /** Starts a {@link CrashChild} {@value #KILLS} times on the same spool, killing each one. */
  private Kills killRepeatedly(Path spool, Path acks, Path logDir, DatabaseConfig db, Random random)
      throws Exception {
    Kills kills = new Kills();
    Files.createDirectories(logDir);
    try (Connection observer = postgres.connect()) {
      for (int run = 0; run < KILLS; run++) {
        boolean early = run % 4 == 3;
        try (ChildJvm child =
            ChildJvm.start(
                CrashChild.class,
                List.of(spool.toString(), acks.toString(), Integer.toString(run)),
                childEnvironment(db),
                logDir.resolve("run-" + run + ".log"),
                List.of())) {
          child.awaitLine(early ? CrashChild.APPENDING : CrashChild.DRAINING, CHILD_READY);
          long delayMillis = early ? random.nextInt(300) : 200 + random.nextInt(1300);
          // The drill's point: a kill at a random instant. Not a wait for a condition.
          TimeUnit.MILLISECONDS.sleep(delayMillis);
          String drainer = drainerSession(observer);
          child.kill();
          kills.landedIn.merge(drainer, 1, Integer::sum);
          kills.schedule.add((early ? "early+" : "draining+") + delayMillis + "ms:" + drainer);
        }
        if (kills.firstCycle == null) {
          kills.firstCycle = firstCycle(spool);
        }
      }
    }
    return kills;
  }

  private static Map<String, String> childEnvironment(DatabaseConfig db) {
    Map<String, String> env = new HashMap<>();
    env.put("SLUICE_JDBC_URL", db.jdbcUrl());
    env.put("POSTGRES_USER", db.user());
    env.put(DrillLanes.ENV, Integer.toString(DrillLanes.requested()));
    if (db.password() != null) {
      env.put("POSTGRES_PASSWORD", db.password());
    }
    return env;
  }

  /**
   * What the child's drainer is doing in PostgreSQL a moment before the kill: {@code active} (a
   * COPY, the checkpoint update or the COMMIT), {@code idle in transaction} (between statements of
   * a batch), {@code idle} (between a commit and the next batch: reading the spool), or {@code
   * none} (not connected yet). Reported only: the instant is random, which is the point.
   */
  private static String drainerSession(Connection observer) throws SQLException {
    try (Statement s = observer.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT coalesce(max(CASE state WHEN 'active' THEN 3 WHEN 'idle in transaction'"
                    + " THEN 2 WHEN 'idle' THEN 1 END), 0) FROM pg_stat_activity WHERE datname ="
                    + " current_database() AND application_name = 'sluice-crash-drill'")) {
      rs.next();
      return List.of("none", "idle", "idle in transaction", "active").get(rs.getInt(1));
    }
  }

  /**
   * The spool's first cycle file, by name ("" if none), read from the folder: a kill may have torn
   * the last record, which opening the spool read-only would refuse until a drainer sets it aside.
   */
  private static String firstCycle(Path spool) {
    List<Path> files = TestSpools.cycleFiles(spool);
    return files.isEmpty() ? "" : files.get(0).getFileName().toString();
  }
}
