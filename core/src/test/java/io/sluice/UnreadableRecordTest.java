package io.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.internal.drain.DeadLetterSpool;
import io.sluice.model.DeadLetter;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceException;
import io.sluice.model.SluiceStatus;
import io.sluice.model.TraceEvent;
import io.sluice.spool.Spool;
import io.sluice.spool.SpoolConfig;
import io.sluice.spool.SpoolReader;
import io.sluice.spool.SpoolVerification;
import io.sluice.testing.Eventually;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.Rows;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records lost to a damaged cycle file: the writable open repairs the file, the drainer moves past
 * the lost ones (never a configuration fault), and the accounting counts them as unreadable:
 * appended = committed + dead-lettered + dropped + unreadable + backlog.
 */
class UnreadableRecordTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;

  private Path spoolDir() {
    return tmp.resolve("spool");
  }

  private SluiceConfig.Builder config() {
    return SluiceConfig.builder()
        .spoolDirectory(spoolDir())
        .database(postgres.database())
        .flushInterval(Duration.ofMillis(20))
        .fatalRetryInterval(Duration.ofMillis(200));
  }

  /**
   * Appends 300 traces and zeroes 4 KiB from the header of the 151st (so no record is left with a
   * readable header and a damaged payload); returns their ids.
   */
  private List<UUID> spoolWithZeroedPage() throws Exception {
    List<UUID> ids = new ArrayList<>();
    try (Sluice writer = Sluice.start(config().drainEnabled(false).build())) {
      for (int i = 0; i < 300; i++) {
        ids.add(
            writer.append(
                TraceEvent.builder().traceId("t").eventType("step").message("event " + i).build()));
      }
    }
    long offset;
    Path file;
    try (Spool spool = Spool.openReadOnly(spoolDir());
        SpoolReader reader = spool.reader()) {
      for (int i = 0; i < 151; i++) {
        reader.next();
      }
      offset = reader.lastRecordOffset() - 4; // the 151st record's header
      file = spool.cycles().get(0).file();
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(4096), offset);
    }
    assertTrue(SpoolVerification.of(spoolDir()).damaged());
    return ids;
  }

  @Test
  void drain_afterARepairLostRecords_countsThemUnreadableAndDeliversTheRest() throws Exception {
    List<UUID> ids = spoolWithZeroedPage();
    try (Sluice sluice = Sluice.start(config().build())) {
      assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
      SluiceStatus s = sluice.status();
      assertEquals(300, s.appended(), s.toString());
      assertTrue(s.unreadable() > 10 && s.unreadable() < 100, s.toString());
      assertEquals(0, s.backlog(), s.toString());
      assertEquals(0, s.deadLettered(), s.toString());
      assertEquals(300, s.committed() + s.unreadable(), s.toString());
      assertTrue(s.accountingHolds(), s.toString());
      assertEquals("DRAINING", s.drainState(), s.toString());
      try (Connection c = postgres.connect()) {
        List<UUID> rows = Rows.ids(c, "trace_events");
        assertEquals(s.committed(), rows.size());
        assertTrue(ids.containsAll(rows));
      }
    }
    SluiceStatus outside =
        Sluice.inspect(spoolDir(), postgres.database(), java.time.Clock.systemUTC());
    assertTrue(outside.accountingHolds(), outside.toString());
    assertEquals(0, outside.backlog(), outside.toString());
  }

  @Test
  void drain_strictMode_stopsAtTheLostRecordsNamingThem() throws Exception {
    spoolWithZeroedPage();
    SluiceException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            SluiceException.class, () -> Sluice.start(config().strictSpool(true).build()));
    assertTrue(refused.getMessage().contains("sluice repair"), refused.getMessage());
    try (Sluice writer = Sluice.start(config().drainEnabled(false).build())) {
      assertTrue(writer.status().spooledRecords() == 300); // the writable open repaired it
    }
    try (Sluice sluice = Sluice.start(config().strictSpool(true).build())) {
      Eventually.until(
          "a stop",
          WAIT,
          () -> "STOPPED".equals(sluice.status().drainState()),
          () -> String.valueOf(sluice.status()));
      SluiceStatus s = sluice.status();
      assertTrue(s.lastError().contains("lost to damage"), s.lastError());
      assertTrue(s.backlog() > 0, s.toString());
      assertTrue(s.accountingHolds(), s.toString());
    }
  }

  @Test
  void drain_damagedRecordLargerThanMaxEventBytes_keepsAtMostThatManyBytes() throws Exception {
    byte[] garbage = new byte[50_000];
    new Random(1).nextBytes(garbage);
    garbage[0] = 1;
    try (Spool spool = Spool.open(SpoolConfig.builder(spoolDir()).build())) {
      spool.append(garbage);
    }
    try (Sluice sluice = Sluice.start(config().maxEventBytes(4096).build())) {
      assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
      assertEquals(1, sluice.status().deadLettered());
      assertEquals("DRAINING", sluice.status().drainState());
    }
    List<DeadLetter> letters = new ArrayList<>();
    try (DeadLetterSpool dlq = DeadLetterSpool.openReadOnly(spoolDir())) {
      dlq.forEach(letters::add);
    }
    assertEquals(1, letters.size());
    assertEquals(4096, letters.get(0).record().length);
    assertTrue(letters.get(0).message().contains("50000 bytes"), letters.get(0).message());
  }
}
