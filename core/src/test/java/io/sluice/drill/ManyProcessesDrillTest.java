package io.sluice.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.model.DatabaseConfig;
import io.sluice.testing.Eventually;
import io.sluice.testing.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight processes (writers and drainers mixed) started at the same instant on a new spool folder,
 * {@value #ROUNDS} rounds: every process starts, all see one spool id (the one on disk), and every
 * append is stored exactly once, with one checkpoint row and no dead letter.
 *
 * <p>Each round has 1 to 3 drainers and the rest writers ({@value #EVENTS_PER_WRITER} events each).
 * Every process waits, already started, on a gate file, so they open the folder within a
 * millisecond or so of each other. Odd rounds open the gate for the drainers 300 ms before the
 * writers' (a drainer first on an empty folder: the sidecar deployment); even rounds open it for
 * all at once. Half the rounds start on a missing folder, half on an existing empty one. {@code
 * -Dsluice.drill.seed=N} replays a round plan.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ManyProcessesDrillTest {
  static final int ROUNDS = 10;
  static final int PROCESSES = 8;
  static final int EVENTS_PER_WRITER = 300;
  private static final Duration START = Duration.ofSeconds(90);

  @TempDir Path tmp;

  @Test
  void eightProcessesOnANewFolder_oneSpoolId_everyAppendStoredExactlyOnce() throws Exception {
    long seed = Long.getLong("sluice.drill.seed", System.nanoTime());
    Random random = new Random(seed);
    long started = System.nanoTime();
    List<String> plans = new ArrayList<>();
    long total = 0;
    // One database for all rounds (each round's spool has its own id and checkpoint row): the
    // schema is migrated once, so the rounds' time goes to starting processes, not to Flyway.
    DatabaseConfig db = PostgresExtension.createDatabase();
    for (int round = 0; round < ROUNDS; round++) {
      int drainers = 1 + random.nextInt(3);
      plans.add(
          drainers
              + "d/"
              + (PROCESSES - drainers)
              + "w"
              + (round % 2 == 1 ? "+drainers first" : ""));
      total += round(db, round, drainers, round % 2 == 1, random);
    }
    System.out.printf(
        "many-processes drill: seed=%d rounds=%d processes per round=%d events stored=%d"
            + " elapsed=%ds plans=%s%n",
        seed,
        ROUNDS,
        PROCESSES,
        total,
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
        plans);
  }

  private long round(
      DatabaseConfig db, int round, int drainerCount, boolean drainersFirst, Random random)
      throws Exception {
    Path dir = tmp.resolve("round-" + round);
    Path spool = dir.resolve("spool");
    Files.createDirectories(dir);
    if (round % 4 >= 2) {
      Files.createDirectories(spool); // an existing, empty folder
    }
    Path drainerGate = dir.resolve("go-drainers");
    Path writerGate = drainersFirst ? dir.resolve("go-writers") : drainerGate;
    Path stop = dir.resolve("stop");
    Peers peers = new Peers(db, dir.resolve("logs"));
    List<Boolean> roles = new ArrayList<>();
    for (int i = 0; i < PROCESSES; i++) {
      roles.add(i < drainerCount);
    }
    Collections.shuffle(roles, random);
    List<ChildJvm> writers = new ArrayList<>();
    List<ChildJvm> drainers = new ArrayList<>();
    List<ChildJvm> all = new ArrayList<>();
    try {
      for (int i = 0; i < PROCESSES; i++) {
        ChildJvm child =
            roles.get(i)
                ? peers.drainer(spool, drainerGate, stop, "drainer" + i)
                : peers.writer(spool, writerGate, "r" + round + "w" + i, EVENTS_PER_WRITER, 0);
        (roles.get(i) ? drainers : writers).add(child);
        all.add(child);
      }
      for (ChildJvm child : all) {
        child.awaitLine(SpoolPeerChild.READY, START);
      }
      Files.createFile(drainerGate);
      if (drainersFirst) {
        TimeUnit.MILLISECONDS.sleep(300); // the drill's point: drainers open the folder first
        Files.createFile(writerGate);
      }
      for (ChildJvm w : writers) {
        w.awaitLine(SpoolPeerChild.APPENDED, START);
        assertEquals(0, w.awaitExit(START), () -> "a writer failed:\n" + w.tail(30));
      }
      long expected = (long) writers.size() * EVENTS_PER_WRITER;
      String rows = "SELECT count(*) FROM agent_observability.trace_events" + ofRound(round);
      try (Connection c = connect(db)) {
        Eventually.until(
            "all " + expected + " appends committed in round " + round,
            Duration.ofSeconds(120),
            () -> count(c, rows) == expected,
            () -> count(c, rows) + " rows");
      }
      Files.createFile(stop);
      for (ChildJvm d : drainers) {
        d.awaitLine("CLOSED", START);
        assertEquals(0, d.awaitExit(START), () -> "a drainer failed:\n" + d.tail(30));
      }
      check(round, db, spool, all, expected);
      return expected;
    } finally {
      for (ChildJvm child : all) {
        child.close();
      }
    }
  }

  private static void check(
      int round, DatabaseConfig db, Path spool, List<ChildJvm> all, long expected)
      throws Exception {
    Set<String> ids = new HashSet<>();
    for (ChildJvm child : all) {
      ids.add(Peers.valueAfter(child, SpoolPeerChild.ID));
    }
    Properties onDisk = new Properties();
    try (var in = Files.newInputStream(spool.resolve("spool.properties"))) {
      onDisk.load(in);
    }
    List<String> checkpointIds = new ArrayList<>();
    List<long[]> checkpoints;
    long rows;
    long distinctIds;
    long distinctTraceIds;
    String of = ofRound(round);
    try (Connection c = connect(db)) {
      checkpoints = Peers.checkpoints(c, checkpointIds);
      rows = count(c, "SELECT count(*) FROM agent_observability.trace_events" + of);
      distinctIds =
          count(c, "SELECT count(DISTINCT id) FROM agent_observability.trace_events" + of);
      distinctTraceIds =
          count(c, "SELECT count(DISTINCT trace_id) FROM agent_observability.trace_events" + of);
    }
    String r = "round " + round + ": ";
    String id = onDisk.getProperty("spool.id");
    int mine = checkpointIds.indexOf(id);
    assertAll(
        () -> assertEquals(1, ids.size(), r + "spool ids seen by the processes: " + ids),
        () -> assertEquals(Set.of(id), ids, r + "id on disk"),
        () -> assertEquals(round + 1, checkpointIds.size(), r + "a checkpoint row per round"),
        () -> assertTrue(mine >= 0, r + "no checkpoint row for " + id + ": " + checkpointIds),
        () -> assertEquals(expected, rows, r + "rows"),
        () -> assertEquals(rows, distinctIds, r + "an id stored twice"),
        () -> assertEquals(rows, distinctTraceIds, r + "an event stored twice"),
        () -> assertEquals(expected, checkpoints.get(mine)[1], r + "checkpoint's committed count"),
        () -> assertEquals(0, checkpoints.get(mine)[2], r + "dead-lettered"),
        () -> assertEquals(0, Peers.deadLettersOnDisk(spool), r + "dead letters on disk"),
        () -> assertTrue(expected > 0, r + "no writer"));
  }

  /** The rows of one round: its writers are labelled r<round>w<i>. */
  private static String ofRound(int round) {
    return " WHERE agent_name LIKE 'r" + round + "w%'";
  }

  private static Connection connect(DatabaseConfig db) throws Exception {
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }

  private static long count(Connection c, String sql) {
    try (var s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      return -1; // the schema may not exist yet
    }
  }
}
