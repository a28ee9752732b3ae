package io.sluice;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.model.HealthStatus;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceHealth;
import io.sluice.model.SluiceStatus;
import io.sluice.model.TraceEvent;
import io.sluice.testing.RestartablePostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application started while PostgreSQL is down tells the truth from the first second: health is
 * not HEALTHY, {@code status()} counts the appends and the backlog grows (from the spool and the
 * last checkpoint kept beside it), {@code close()} returns promptly; once PostgreSQL is back every
 * event is stored exactly once.
 */
class DatabaseDownAtStartTest {
  private static final Duration WAIT = Duration.ofSeconds(90);

  /** What close() may take with the database down (documented: about a second when idle). */
  private static final Duration CLOSE_BOUND = Duration.ofSeconds(3);

  @TempDir Path tmp;

  private static TraceEvent trace(int i) {
    return TraceEvent.builder().traceId("t-" + i).eventType("step").message("e" + i).build();
  }

  @Test
  void startedWithDatabaseDown_notHealthy_appendsCounted_backlogGrows_thenDrainedOnce()
      throws Exception {
    try (RestartablePostgres pg = RestartablePostgres.start(tmp.resolve("pg"))) {
      SluiceConfig config =
          SluiceConfig.builder()
              .spoolDirectory(tmp.resolve("spool"))
              .database(pg.createDatabase("down"))
              .flushInterval(Duration.ofMillis(20))
              .breakerOpenDuration(Duration.ofSeconds(1))
              .build();
      // A first life drains 500 events while the database is up: a checkpoint to remember.
      try (Sluice sluice = Sluice.start(config)) {
        for (int i = 0; i < 500; i++) {
          sluice.append(trace(i));
        }
        assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
      }
      pg.stopImmediately();

      Sluice sluice = Sluice.start(config);
      SluiceHealth firstSecond = sluice.health();
      for (int i = 500; i < 1_500; i++) {
        sluice.append(trace(i));
      }
      SluiceStatus after1000 = sluice.status();
      SluiceHealth health = sluice.health();
      for (int i = 1_500; i < 2_500; i++) {
        sluice.append(trace(i));
      }
      SluiceStatus after2000 = sluice.status();
      long closeStart = System.nanoTime();
      sluice.close();
      long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closeStart);
      System.out.printf(
          "database down at start: health %s (%s) then %s %s; backlog %d then %d;"
              + " close() took %d ms%n",
          firstSecond.status(),
          firstSecond.reasons(),
          health.status(),
          health.reasons(),
          after1000.backlog(),
          after2000.backlog(),
          closeMillis);
      assertAll(
          () -> assertNotEquals(HealthStatus.HEALTHY, firstSecond.status(), firstSecond.toString()),
          () -> assertNotEquals(HealthStatus.HEALTHY, health.status(), health.toString()),
          () -> assertEquals(1_500, after1000.appended(), after1000.toString()),
          () -> assertEquals(500, after1000.committed(), "last known checkpoint"),
          () -> assertEquals(1_000, after1000.backlog(), after1000.toString()),
          () -> assertTrue(after1000.accountingHolds(), after1000.toString()),
          () -> assertEquals(2_500, after2000.appended(), after2000.toString()),
          () -> assertEquals(2_000, after2000.backlog(), after2000.toString()),
          () ->
              assertTrue(
                  closeMillis <= CLOSE_BOUND.toMillis(),
                  "close() took " + closeMillis + " ms with the database down"));

      pg.restart();
      try (Sluice again = Sluice.start(config)) {
        assertTrue(again.awaitDrained(WAIT), String.valueOf(again.status()));
        SluiceStatus s = again.status();
        assertEquals(2_500, s.committed(), s.toString());
        assertEquals(0, s.deadLettered(), s.toString());
      }
      try (Connection c = pg.connect("down");
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT count(*), count(DISTINCT trace_id) FROM agent_observability.trace_events")) {
        rs.next();
        assertEquals(2_500, rs.getLong(1), "rows");
        assertEquals(2_500, rs.getLong(2), "an event stored twice");
      }
    }
  }
}
