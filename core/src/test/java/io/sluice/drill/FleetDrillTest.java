package io.sluice.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.inspect.DeadLetters;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.DeadLetter;
import io.sluice.testing.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet: {@value #SPOOLS} Sluice processes ({@link FleetChild}), one spool each, started at the
 * same instant on one fresh, empty database (no schema: all migrate and create the same day
 * partitions at once), each appending at {@value #PER_SECOND} events/s and draining. Half of them
 * are killed with {@code kill -9} and restarted on their spools: one while starting (connecting and
 * migrating beside the others), three a random moment after their first commit. The last life of
 * each spool appends {@value #EVENTS_PER_LIFE} events and waits until they are drained. Then, per
 * spool:
 *
 * <ul>
 *   <li>every append that returned is a row, with the id append returned, none twice (the {@link
 *       AckLog}s, checked by {@link AckCheck}); no gap in the sequence numbers;
 *   <li>its checkpoint row exists and its committed count equals its rows; nothing dead-lettered
 *       (but a record torn by a kill mid-append, never acknowledged: counted, as in {@link
 *       CrashDrillTest});
 *   <li>no process logged an ERROR (but the one that reports a torn record), and the first {@value
 *       #SPOOLS} all started on the empty database and drained.
 * </ul>
 *
 * {@code -Dsluice.drill.seed=N} replays a kill schedule.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FleetDrillTest {
  static final int SPOOLS = 8;
  static final int EVENTS_PER_LIFE = 1500;
  static final int PER_SECOND = 250;
  private static final int LIVES = 10; // run number = spool * LIVES + life
  private static final Duration WAIT = Duration.ofSeconds(90);

  /**
   * The lives the drill kills (spool, life): they append until killed (their count is never
   * reached), so a kill can never come after a life that already ended; every other life appends
   * {@value #EVENTS_PER_LIFE} events and ends.
   */
  private static final Set<List<Integer>> KILLED =
      Set.of(List.of(0, 0), List.of(2, 0), List.of(4, 0), List.of(6, 0));

  private static final int UNTIL_KILLED = 1_000_000;

  @TempDir Path tmp;

  @Test
  void eightSpoolsIntoOneFreshDatabase_killedAndRestarted_eachSpoolsEventsExactlyOnce()
      throws Exception {
    long started = System.nanoTime();
    long seed = Long.getLong("sluice.drill.seed", System.nanoTime());
    Random random = new Random(seed);
    DatabaseConfig db = PostgresExtension.createDatabase();
    Path acks = Files.createDirectories(tmp.resolve("acks"));
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    Path gate = tmp.resolve("go");
    Fleet fleet = new Fleet(db, acks, logs, gate);
    List<String> schedule = new ArrayList<>();
    long firstWave;
    long ready;
    try {
      for (int s = 0; s < SPOOLS; s++) {
        fleet.start(s);
      }
      for (int s = 0; s < SPOOLS; s++) {
        fleet.current(s).awaitLine(FleetChild.READY, WAIT);
      }
      ready = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      Files.createFile(gate); // all eight open their spools and the empty database at once
      // One member killed while starting on the empty database (its drainer connecting and
      // migrating beside the others), three a random moment after their first commit.
      killAndRestart(fleet, 6, FleetChild.ID, random.nextInt(300), schedule);
      for (int s = 0; s < 6; s += 2) {
        killAndRestart(fleet, s, FleetChild.DRAINING, 100 + random.nextInt(900), schedule);
      }
      for (int s = 0; s < SPOOLS; s++) {
        fleet.current(s).awaitLine(FleetChild.DRAINING, WAIT);
      }
      firstWave = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      for (int s = 0; s < SPOOLS; s++) {
        ChildJvm last = fleet.current(s);
        last.awaitLine(FleetChild.DONE, WAIT);
        assertEquals(0, last.awaitExit(WAIT), () -> "a fleet member failed:\n" + last.tail(30));
      }
    } finally {
      fleet.closeAll();
    }

    AckCheck check = new AckCheck(acks, SPOOLS * LIVES, 1);
    Map<Integer, long[]> rowsBySpool = new TreeMap<>();
    Map<String, long[]> checkpoints = new HashMap<>();
    try (Connection c = connect(db)) {
      StoredTraces.forEach(c, check::stored);
      rowsBySpool.putAll(rowsBySpool(c));
      List<String> ids = new ArrayList<>();
      List<long[]> rows = Peers.checkpoints(c, ids);
      for (int i = 0; i < ids.size(); i++) {
        checkpoints.put(ids.get(i), rows.get(i));
      }
    }
    check.finish();
    long tornTotal = 0;
    for (int s = 0; s < SPOOLS; s++) {
      tornTotal += DeadLetters.read(fleet.spool(s)).size();
    }
    System.out.printf(
        "fleet drill: seed=%d spools=%d acknowledged=%d torn records set aside=%d"
            + " rows by spool=%s kills=%s"
            + " JVMs ready after %d ms, all draining after %d ms, elapsed=%ds%n",
        seed,
        SPOOLS,
        check.acknowledged(),
        tornTotal,
        rowsBySpool.values().stream().map(r -> r[0]).toList(),
        schedule,
        ready,
        firstWave,
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));

    List<Executable> checks = new ArrayList<>();
    checks.add(() -> assertEquals(List.of(), check.problems(), "rows vs acknowledged appends"));
    checks.add(() -> assertEquals(SPOOLS, checkpoints.size(), "checkpoint rows: " + checkpoints));
    checks.add(() -> assertEquals(List.of(), fleet.errorLines(), "ERROR lines in the children"));
    for (int s = 0; s < SPOOLS; s++) {
      int spool = s;
      String id = fleet.spoolId(s);
      long[] rows = rowsBySpool.getOrDefault(s, new long[2]);
      long[] cp = checkpoints.get(id);
      List<DeadLetter> letters = DeadLetters.read(fleet.spool(s));
      long torn = letters.stream().filter(d -> d.reason() == DeadLetter.Reason.DAMAGED).count();
      String of = "spool " + s + " (" + id + "): ";
      checks.add(() -> assertTrue(cp != null, of + "no checkpoint row"));
      checks.add(() -> assertEquals(rows[0], rows[1], of + "an id stored twice"));
      checks.add(() -> assertTrue(rows[0] >= EVENTS_PER_LIFE, of + "rows " + rows[0]));
      checks.add(() -> assertEquals(rows[0], cp == null ? -1 : cp[1], of + "committed vs rows"));
      checks.add(() -> assertEquals(torn, cp == null ? -1 : cp[2], of + "dead-lettered"));
      checks.add(() -> assertEquals(torn, letters.size(), of + "dead letters: " + letters));
      checks.add(() -> assertTrue(fleet.lives(spool) >= 1, of + "lives"));
    }
    assertAll(checks);
  }

  /**
   * Waits for {@code line} from spool {@code s}'s current life, then {@code delayMillis}, kills it
   * ({@code kill -9}) and starts its next life on the same spool. Fails if the life had already
   * finished: the kill must land while it runs.
   */
  private static void killAndRestart(
      Fleet fleet, int s, String line, int delayMillis, List<String> schedule) throws Exception {
    ChildJvm child = fleet.current(s);
    child.awaitLine(line, WAIT);
    // The drill's point: a kill at a random instant, not a wait for a condition.
    TimeUnit.MILLISECONDS.sleep(delayMillis);
    assertTrue(
        child.isAlive() && !child.output().contains(FleetChild.DONE),
        () -> "spool " + s + " finished before its kill:\n" + child.tail(20));
    child.kill();
    schedule.add("spool " + s + " life " + fleet.life(s) + " " + line.strip() + "+" + delayMillis);
    fleet.start(s);
  }

  /** Per spool: rows and distinct ids, from the run number in the trace id. */
  private static Map<Integer, long[]> rowsBySpool(Connection c) throws Exception {
    Map<Integer, long[]> out = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT substring(trace_id FROM '^drill-r([0-9]+)-')::int / "
                    + LIVES
                    + ", count(*), count(DISTINCT id) FROM agent_observability.trace_events"
                    + " GROUP BY 1")) {
      while (rs.next()) {
        out.put(rs.getInt(1), new long[] {rs.getLong(2), rs.getLong(3)});
      }
    }
    return out;
  }

  private static Connection connect(DatabaseConfig db) throws Exception {
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }

  /** The fleet's child processes, each spool's current life and every life's log. */
  private static final class Fleet {
    private final DatabaseConfig db;
    private final Path acks;
    private final Path logs;
    private final Path gate;
    private final ChildJvm[] current = new ChildJvm[SPOOLS];
    private final int[] lives = new int[SPOOLS];
    private final List<ChildJvm> all = new ArrayList<>();
    private final List<Path> logFiles = new ArrayList<>();

    Fleet(DatabaseConfig db, Path acks, Path logs, Path gate) {
      this.db = db;
      this.acks = acks;
      this.logs = logs;
      this.gate = gate;
    }

    Path spool(int s) {
      return acks.getParent().resolve("spool-" + s);
    }

    void start(int s) {
      int run = s * LIVES + lives[s];
      Map<String, String> env = new HashMap<>();
      env.put("SLUICE_JDBC_URL", db.jdbcUrl());
      env.put("POSTGRES_USER", db.user());
      if (db.password() != null) {
        env.put("POSTGRES_PASSWORD", db.password());
      }
      Path log = logs.resolve("spool-" + s + "-life-" + lives[s] + ".log");
      ChildJvm child =
          ChildJvm.start(
              FleetChild.class,
              List.of(
                  spool(s).toString(),
                  acks.toString(),
                  Integer.toString(run),
                  gate.toString(),
                  Integer.toString(
                      KILLED.contains(List.of(s, lives[s])) ? UNTIL_KILLED : EVENTS_PER_LIFE),
                  Integer.toString(PER_SECOND)),
              env,
              log,
              List.of());
      current[s] = child;
      lives[s]++;
      all.add(child);
      logFiles.add(log);
    }

    ChildJvm current(int s) {
      return current[s];
    }

    int life(int s) {
      return lives[s] - 1;
    }

    int lives(int s) {
      return lives[s];
    }

    String spoolId(int s) throws Exception {
      Properties p = new Properties();
      try (var in = Files.newInputStream(spool(s).resolve("spool.properties"))) {
        p.load(in);
      }
      return p.getProperty("spool.id");
    }

    List<String> errorLines() throws Exception {
      List<String> errors = new ArrayList<>();
      for (Path log : logFiles) {
        for (String line : Files.readAllLines(log)) {
          // A record torn by a kill mid-append is reported at ERROR when found and set aside as a
          // DAMAGED dead letter: the test counts those against the dead letters instead.
          boolean torn = line.contains(" is damaged");
          if ((line.contains(" ERROR ") && !torn) || line.startsWith("Exception in thread")) {
            errors.add(log.getFileName() + ": " + line);
          }
        }
      }
      return errors;
    }

    void closeAll() {
      for (ChildJvm c : all) {
        c.close();
      }
    }
  }
}
