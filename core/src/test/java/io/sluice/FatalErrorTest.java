package io.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.sluice.internal.db.Partitions;
import io.sluice.model.AgentTransformation;
import io.sluice.model.BreakerState;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.Event;
import io.sluice.model.EventKind;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingDecision;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceStatus;
import io.sluice.model.SpooledEvent;
import io.sluice.model.TraceEvent;
import io.sluice.testing.Eventually;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.Rows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A configuration fault (a missing table, a wrong password) stops writing but not spooling, says
 * why with its SQLSTATE, never opens the breaker or dead-letters anything, and draining resumes by
 * itself once the database is fixed.
 */
class FatalErrorTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration RETRY = Duration.ofMillis(200);

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;

  private final Map<EventKind, Set<UUID>> appended = new EnumMap<>(EventKind.class);

  private SluiceConfig.Builder config(DatabaseConfig database) {
    return SluiceConfig.builder()
        .spoolDirectory(tmp.resolve("spool"))
        .database(database)
        .flushInterval(Duration.ofMillis(20))
        .breakerOpenDuration(Duration.ofMillis(200))
        .fatalRetryInterval(RETRY);
  }

  private void appendOneOfEach(Sluice sluice, int i) {
    List<Event> events =
        List.of(
            TraceEvent.builder().traceId("t" + i).eventType("step").build(),
            RoutingDecision.builder()
                .selectedAgent("a")
                .confidenceScore(0.5)
                .routingStrategy("s")
                .build(),
            PerformanceMetric.builder().metricName("m").metricValue(i).build(),
            AgentTransformation.builder()
                .sourceAgent("a")
                .targetAgent("b")
                .transformationType("x")
                .build());
    for (Event e : events) {
      appended.computeIfAbsent(e.kind(), k -> new HashSet<>()).add(sluice.append(e));
    }
  }

  private static boolean halted(SluiceStatus s, String sqlState) {
    return "HALTED_FATAL".equals(s.drainState())
        && s.lastError() != null
        && s.lastError().contains(sqlState);
  }

  @Test
  void drain_missingTable_haltsKeepsSpoolingAndResumesAfterTheFix() throws Exception {
    try (Sluice sluice = Sluice.start(config(postgres.database()).build())) {
      appendOneOfEach(sluice, 0);
      assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
      try (Connection c = postgres.connect()) {
        Rows.execute(
            c, "ALTER TABLE agent_observability.routing_decisions RENAME TO routing_decisions_x");
      }
      for (int i = 1; i <= 50; i++) {
        appendOneOfEach(sluice, i);
      }
      Eventually.until(
          "HALTED_FATAL naming 42P01",
          WAIT,
          () -> halted(sluice.status(), "42P01"),
          sluice::status);

      // it stays halted (health must not flap) and re-checks without giving anything up
      long until = System.nanoTime() + RETRY.multipliedBy(8).toNanos();
      while (System.nanoTime() < until) {
        SluiceStatus s = sluice.status();
        assertTrue(halted(s, "42P01"), "while the table is missing: " + s);
        assertEquals(BreakerState.CLOSED, s.breakerState(), s.toString());
        assertEquals(0, s.deadLettered(), s.toString());
        Thread.sleep(5);
      }
      for (int i = 51; i <= 55; i++) {
        appendOneOfEach(sluice, i); // appends go on while the drainer is halted
      }
      SluiceStatus halted = sluice.status();
      assertEquals(224, halted.spooledRecords(), halted.toString());
      assertTrue(halted.backlog() > 0, halted.toString());

      try (Connection c = postgres.connect()) {
        Rows.execute(
            c, "ALTER TABLE agent_observability.routing_decisions_x RENAME TO routing_decisions");
      }
      assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
      SluiceStatus done = sluice.status();
      assertEquals(224, done.committed(), done.toString());
      assertEquals(0, done.deadLettered(), done.toString());
      assertEquals("DRAINING", done.drainState(), done.toString());
      assertNull(done.lastError(), done.toString());
    }
    assertEveryEventLandedOnce();
  }

  /**
   * A day partition dropped under a running Sluice makes PostgreSQL refuse rows with 23514 and no
   * constraint name: a schema fault. The rows must not be dead-lettered; the partition is made
   * again on the re-check and every event lands.
   */
  @Test
  void drain_partitionDroppedUnderneath_isRecreatedAndNothingIsDeadLettered() throws Exception {
    UUID first;
    try (Sluice sluice = Sluice.start(config(postgres.database()).build())) {
      appendOneOfEach(sluice, 0);
      assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
      first = appended.get(EventKind.TRACE).iterator().next();
      LocalDate day = Partitions.dayOf(SpooledEvent.recordedAtMillis(first));
      try (Connection c = postgres.connect()) {
        Rows.execute(
            c, "DROP TABLE agent_observability." + Partitions.partitionName(EventKind.TRACE, day));
      }
      for (int i = 1; i <= 55; i++) {
        appendOneOfEach(sluice, i);
      }
      assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
      SluiceStatus s = sluice.status();
      assertEquals(0, s.deadLettered(), s.toString());
      assertEquals(BreakerState.CLOSED, s.breakerState(), s.toString());
    }
    appended.get(EventKind.TRACE).remove(first); // it went with the dropped partition
    assertEveryEventLandedOnce();
  }

  private void assertEveryEventLandedOnce() throws SQLException {
    try (Connection c = postgres.connect()) {
      for (EventKind kind : EventKind.values()) {
        List<UUID> ids = Rows.ids(c, kind.tableName());
        assertEquals(appended.get(kind).size(), ids.size(), kind.tableName());
        assertEquals(appended.get(kind), new HashSet<>(ids), kind.tableName());
      }
    }
  }

  @Test
  void drain_wrongPassword_haltsWithoutEchoingItAndResumesAfterTheFix() throws Exception {
    String role = "sluice_pw_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100_000;
    String rightPassword = "Right-" + UUID.randomUUID();
    String wrongPassword = "Wrong-" + UUID.randomUUID();
    DatabaseConfig admin = postgres.database();
    try (Connection c = postgres.connect()) {
      Rows.execute(c, "CREATE ROLE " + role + " LOGIN PASSWORD '" + rightPassword + "'");
      Rows.execute(c, "ALTER DATABASE " + databaseName(c) + " OWNER TO " + role);
    }
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(logs);
    try (PasswordRequired hba = new PasswordRequired(role)) {
      hba.awaitRefused(admin.jdbcUrl(), wrongPassword);
      DatabaseConfig wrong =
          DatabaseConfig.builder()
              .jdbcUrl(admin.jdbcUrl())
              .user(role)
              .password(wrongPassword)
              .connectionTimeout(Duration.ofMillis(500))
              .build();
      try (Sluice sluice = Sluice.start(config(wrong).build())) {
        for (int i = 0; i < 5; i++) {
          appendOneOfEach(sluice, i);
        }
        Eventually.until(
            "a failure naming SQLSTATE 28P01",
            WAIT,
            () -> String.valueOf(sluice.status().lastError()).contains("28P01"),
            sluice::status);
        Eventually.until(
            "HALTED_FATAL", WAIT, () -> halted(sluice.status(), "28P01"), sluice::status);
        SluiceStatus s = sluice.status();
        assertEquals(BreakerState.CLOSED, s.breakerState(), s.toString());
        assertEquals(20, s.spooledRecords(), s.toString());
        assertFalse(s.toString().contains(wrongPassword), s.toString());

        // the operator fixes the role's password; the drainer gets in on its own
        try (Connection c = postgres.connect()) {
          Rows.execute(c, "ALTER ROLE " + role + " PASSWORD '" + wrongPassword + "'");
        }
        assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
        assertEquals(20, sluice.status().committed());
      }
    } finally {
      root.detachAppender(logs);
    }
    for (ILoggingEvent e : logs.list) {
      assertFalse(e.getFormattedMessage().contains(wrongPassword), e.getFormattedMessage());
      assertFalse(e.getFormattedMessage().contains(rightPassword), e.getFormattedMessage());
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        assertFalse(String.valueOf(t.getMessage()).contains(wrongPassword), t.getMessage());
      }
    }
    try (Connection c = postgres.connect()) {
      for (EventKind kind : EventKind.values()) {
        assertEquals(
            appended.get(kind), new HashSet<>(Rows.ids(c, kind.tableName())), kind.tableName());
      }
    }
  }

  private static String databaseName(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_database()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * Makes the shared server ask {@code role} (and only it) for a password: the embedded server
   * trusts every local login. Edits pg_hba.conf and reloads; undone on close.
   */
  private final class PasswordRequired implements AutoCloseable {
    private final String role;
    private final Path hba;
    private final List<String> original;

    PasswordRequired(String role) throws Exception {
      this.role = role;
      try (Connection c = postgres.connect();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SHOW hba_file")) {
        rs.next();
        hba = Path.of(rs.getString(1));
      }
      assumeTrue(
          Files.isWritable(hba), "pg_hba.conf of the test server is not writable here: " + hba);
      original = Files.readAllLines(hba);
      List<String> edited = new ArrayList<>();
      edited.add("host all " + role + " all scram-sha-256");
      edited.addAll(original);
      Files.write(hba, edited);
      reload();
    }

    /** Waits until the server applies the reloaded file (reloading is asynchronous). */
    void awaitRefused(String url, String password) {
      Eventually.until(
          "the server to ask for a password",
          WAIT,
          () -> {
            try (Connection ignored = DriverManager.getConnection(url, role, password)) {
              return false;
            } catch (SQLException e) {
              return "28P01".equals(e.getSQLState());
            }
          },
          () -> hba);
    }

    private void reload() throws SQLException {
      try (Connection c = postgres.connect()) {
        Rows.execute(c, "SELECT pg_reload_conf()");
      }
    }

    @Override
    public void close() throws Exception {
      Files.write(hba, original);
      reload();
    }
  }
}
