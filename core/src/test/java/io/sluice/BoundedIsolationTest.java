package io.sluice;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.internal.drain.DeadLetterSpool;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.DeadLetter;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceStatus;
import io.sluice.model.TraceEvent;
import io.sluice.testing.RestartablePostgres;
import io.sluice.testing.Rows;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Isolating rejected rows never exhausts PostgreSQL: one batch of the default size (10,000) with
 * 500 bad rows scattered through it gives exactly 500 dead letters, the rest commits, and the
 * server logs no 53200 ("out of shared memory", which thousands of kept savepoints in one
 * transaction caused). And a batch replayed over rows already stored (a restored checkpoint) is not
 * poison: nothing is dead-lettered and no row is written twice.
 *
 * <p>Each test runs on a server of its own whose log the test reads.
 */
class BoundedIsolationTest {
  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final int BATCH = SluiceConfig.DEFAULT_MAX_BATCH_EVENTS;

  @TempDir Path tmp;
  private RestartablePostgres pg;
  private DatabaseConfig db;

  @BeforeEach
  void startServer() throws Exception {
    pg = RestartablePostgres.startLogging(tmp.resolve("pg"), tmp.resolve("server.log"));
    db = pg.createDatabase("isolation");
  }

  @AfterEach
  void stopServer() {
    pg.close();
  }

  /** Default settings but for the folder, the database and a short breaker. */
  private SluiceConfig.Builder config() {
    return SluiceConfig.builder()
        .spoolDirectory(tmp.resolve("spool"))
        .database(db)
        .breakerOpenDuration(Duration.ofMillis(200));
  }

  private static TraceEvent trace(String message) {
    return TraceEvent.builder().traceId("t").eventType("step").message(message).build();
  }

  private void createSchema() {
    try (Sluice sluice = Sluice.start(config().build())) {
      sluice.append(trace("bootstrap"));
      assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
    }
  }

  @Test
  void defaultBatch_500ScatteredBadRows_exactly500DeadLettersRestCommitsNo53200() throws Exception {
    createSchema();
    try (Connection c = pg.connect("isolation")) {
      Rows.execute(
          c,
          "ALTER TABLE agent_observability.trace_events"
              + " ADD CONSTRAINT no_poison CHECK (message <> 'poison')");
    }
    Random random = new Random(8);
    Set<Integer> badAt = new HashSet<>();
    while (badAt.size() < 500) {
      badAt.add(random.nextInt(BATCH));
    }
    try (Sluice writer = Sluice.start(config().drainEnabled(false).build())) {
      for (int i = 0; i < BATCH; i++) {
        writer.append(trace(badAt.contains(i) ? "poison" : "fine " + i));
      }
    }

    long start = System.nanoTime();
    SluiceStatus status;
    try (Sluice sluice = Sluice.start(config().build())) {
      assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
      status = sluice.status();
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    List<DeadLetter> letters = new ArrayList<>();
    try (DeadLetterSpool spool = DeadLetterSpool.openReadOnly(tmp.resolve("spool"))) {
      spool.forEach(letters::add);
    }
    long rows;
    try (Connection c = pg.connect("isolation")) {
      rows = Rows.count(c, "trace_events");
    }
    String log = pg.serverLog();
    System.out.printf(
        "bounded isolation: batch %d, bad rows %d, dead letters %d, rows %d, drained in %d ms%n",
        BATCH, badAt.size(), letters.size(), rows, millis);
    SluiceStatus s = status;
    assertAll(
        () -> assertEquals(500, letters.size(), "dead letters on disk"),
        () -> assertTrue(letters.stream().allMatch(d -> "23514".equals(d.sqlState()))),
        () -> assertEquals(500, s.deadLettered(), s.toString()),
        () -> assertEquals(1 + BATCH - 500, s.committed(), s.toString()),
        () -> assertEquals(1 + BATCH - 500, rows, "rows"),
        () -> assertEquals(s.appended(), s.committed() + s.deadLettered(), "accounting"),
        () -> assertNull(s.lastError(), s.toString()),
        () -> assertTrue(log.contains("sqlstate=23514:"), "the server log shows the bad rows"),
        () -> assertFalse(log.contains("sqlstate=53200:"), "53200 in the server log"),
        () -> assertFalse(log.contains("out of shared memory"), "out of shared memory"));
  }

  @Test
  void checkpointRestoredToAnOlderPoint_storedEventsCountAsCommittedNotDeadLettered()
      throws Exception {
    createSchema();
    try (Sluice sluice = Sluice.start(config().build())) {
      for (int i = 0; i < 3_000; i++) {
        sluice.append(trace("event " + i));
      }
      assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
    }
    // A restore of the checkpoint table from an older backup: the rows are there, the checkpoint
    // says nothing was committed.
    try (Connection c = pg.connect("isolation")) {
      Rows.execute(
          c,
          "UPDATE agent_observability.spool_checkpoints"
              + " SET last_index = -1, committed_events = 0, dead_lettered_events = 0");
    }

    SluiceStatus status;
    try (Sluice sluice = Sluice.start(config().build())) {
      sluice.append(trace("new after the restore"));
      assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
      status = sluice.status();
    }
    long rows;
    try (Connection c = pg.connect("isolation")) {
      rows = Rows.count(c, "trace_events");
    }
    String log = pg.serverLog();
    SluiceStatus s = status;
    assertAll(
        () -> assertEquals(3_002, rows, "rows: every event once"),
        () -> assertEquals(0, s.deadLettered(), s.toString()),
        () -> assertEquals(3_002, s.committed(), "already stored counts as committed"),
        () -> assertEquals(0, s.backlog(), s.toString()),
        () -> assertEquals(s.appended(), s.committed() + s.deadLettered(), "accounting"),
        () -> assertFalse(log.contains("sqlstate=53200:"), "53200 in the server log"),
        () -> assertTrue(log.contains("sqlstate=23505:"), "the stored rows were met"));
    try (DeadLetterSpool spool = DeadLetterSpool.open(tmp.resolve("spool"))) {
      assertEquals(0, spool.count(), "dead letters on disk");
    }
  }
}
