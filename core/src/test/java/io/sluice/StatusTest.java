package io.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceException;
import io.sluice.model.SluiceStatus;
import io.sluice.model.TraceEvent;
import io.sluice.testing.PostgresExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@link Sluice#inspect}: where a spool stands, seen from outside while a writer-only Sluice holds
 * it: backlog and age before draining, nothing pending after, unknown checkpoint when PostgreSQL is
 * out of reach, and a clear refusal of a folder that is no spool.
 */
class StatusTest {
  private static final String PASSWORD = "hunter2";

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;

  private SluiceConfig.Builder config(DatabaseConfig db) {
    return SluiceConfig.builder()
        .spoolDirectory(tmp.resolve("spool"))
        .database(db)
        .flushInterval(Duration.ofMillis(5));
  }

  @Test
  void inspect_beforeDraining_backlogIsAppendedAndOldestAgeFromFirstEvent() {
    try (Sluice writer = Sluice.start(config(postgres.database()).drainEnabled(false).build())) {
      Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      appendTraces(writer, 500);
      Instant after = Instant.now();
      Instant later = after.plus(Duration.ofHours(1));

      SluiceStatus s =
          Sluice.inspect(
              tmp.resolve("spool"), postgres.database(), Clock.fixed(later, ZoneOffset.UTC));

      assertEquals(writer.spoolId(), s.spoolId());
      assertEquals(500, s.appended());
      assertEquals(0, s.committed());
      assertEquals(-1, s.committedIndex());
      assertEquals(500, s.backlog());
      assertEquals(500, s.spooledRecords());
      assertTrue(s.usedBytes() > 0, s::toString);
      assertNull(s.lastError(), s::toString);
      Duration age = s.oldestPendingAge();
      assertNotNull(age, s::toString);
      // The oldest event was recorded between `before` and `after`; the age is measured at `later`.
      assertTrue(age.compareTo(Duration.between(after, later)) >= 0, () -> "age " + age);
      assertTrue(age.compareTo(Duration.between(before, later)) <= 0, () -> "age " + age);
    }
  }

  @Test
  void inspect_afterDraining_backlogZeroAndCommittedEqualsAppended() {
    try (Sluice writer = Sluice.start(config(postgres.database()).drainEnabled(false).build())) {
      appendTraces(writer, 500);
      try (Sluice drainer = Sluice.start(config(postgres.database()).build())) {
        assertTrue(
            drainer.awaitDrained(Duration.ofSeconds(60)), () -> "not drained: " + drainer.status());
      }
      SluiceStatus drained = inspectNow();
      assertEquals(500, drained.appended());
      assertEquals(500, drained.committed());
      assertEquals(0, drained.backlog());
      assertEquals(Duration.ZERO, drained.oldestPendingAge());
      assertTrue(drained.committedIndex() >= 0, drained::toString);
      assertNull(drained.lastError(), drained::toString);

      appendTraces(writer, 100); // nobody drains now
      SluiceStatus pending = inspectNow();
      assertEquals(600, pending.appended());
      assertEquals(500, pending.committed());
      assertEquals(100, pending.backlog());
      assertEquals(drained.committedIndex(), pending.committedIndex());
    }
  }

  @Test
  void inspect_databaseUnreachable_checkpointUnknownAndErrorNamesDatabaseNotPassword()
      throws IOException {
    int port = freePort();
    DatabaseConfig unreachable =
        DatabaseConfig.builder()
            .jdbcUrl("jdbc:postgresql://localhost:" + port + "/obs_db?password=" + PASSWORD)
            .password(PASSWORD)
            .build();
    try (Sluice writer = Sluice.start(config(unreachable).drainEnabled(false).build())) {
      appendTraces(writer, 10);
      SluiceStatus s = Sluice.inspect(tmp.resolve("spool"), unreachable, Clock.systemUTC());
      assertEquals(-1, s.appended());
      assertEquals(-1, s.committed());
      assertEquals(-1, s.committedIndex());
      assertEquals(-1, s.backlog());
      assertNull(s.oldestPendingAge());
      assertEquals(10, s.spooledRecords(), "the spool itself is still read");
      assertNotNull(s.lastError(), s::toString);
      assertTrue(s.lastError().contains("localhost:" + port + "/obs_db"), s.lastError());
      assertFalse(s.lastError().contains(PASSWORD), s.lastError());
      assertFalse(s.toString().contains(PASSWORD), s.toString());
    }
  }

  @Test
  void status_drainerCannotConnect_lastErrorAndLogsWithoutPassword() throws IOException {
    int port = freePort();
    DatabaseConfig unreachable =
        DatabaseConfig.builder()
            .jdbcUrl("jdbc:postgresql://localhost:" + port + "/obs_db?password=" + PASSWORD)
            .password(PASSWORD)
            .connectionTimeout(Duration.ofMillis(300))
            .build();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logs.start();
    root.addAppender(logs);
    try (Sluice sluice = Sluice.start(config(unreachable).build())) {
      appendTraces(sluice, 10);
      String error = awaitLastError(sluice);
      assertFalse(error.contains(PASSWORD), error);
      assertFalse(sluice.status().toString().contains(PASSWORD));
    } finally {
      root.detachAppender(logs);
    }
    assertFalse(logs.list.isEmpty(), "the failure to connect is logged");
    for (ILoggingEvent event : logs.list) {
      String line = event.getFormattedMessage();
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        line += " | " + t.getMessage();
      }
      assertFalse(line.contains(PASSWORD), line);
    }
  }

  private static String awaitLastError(Sluice sluice) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() - deadline < 0) {
      String error = sluice.status().lastError();
      if (error != null) {
        return error;
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    throw new AssertionError("no lastError within 60 s: " + sluice.status());
  }

  @Test
  void inspect_folderWithFilesButNoSpool_throwsNamingFolder() throws IOException {
    Path notASpool = Files.createDirectories(tmp.resolve("photos"));
    Files.writeString(notASpool.resolve("holiday.txt"), "not a spool");
    SluiceException e =
        assertThrows(
            SluiceException.class,
            () -> Sluice.inspect(notASpool, postgres.database(), Clock.systemUTC()));
    assertTrue(e.getMessage().contains(notASpool.toString()), e.getMessage());
  }

  @Test
  void inspect_missingFolder_throwsNamingFolder() {
    Path missing = tmp.resolve("no-such-spool");
    SluiceException e =
        assertThrows(
            SluiceException.class,
            () -> Sluice.inspect(missing, postgres.database(), Clock.systemUTC()));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertFalse(Files.exists(missing), "inspecting must not create a spool");
  }

  private SluiceStatus inspectNow() {
    return Sluice.inspect(tmp.resolve("spool"), postgres.database(), Clock.systemUTC());
  }

  private static void appendTraces(Sluice sluice, int n) {
    for (int i = 0; i < n; i++) {
      sluice.append(TraceEvent.builder().traceId("t" + i).eventType("e").build());
    }
  }

  /** A port nothing listens on (bound, then released). */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
