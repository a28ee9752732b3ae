package io.sluice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.uuid.Generators;
import io.sluice.internal.codec.EventDecoder;
import io.sluice.internal.codec.EventEncoder;
import io.sluice.internal.drain.DeadLetterSpool;
import io.sluice.model.DeadLetter;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceStatus;
import io.sluice.model.TraceEvent;
import io.sluice.spool.Spool;
import io.sluice.spool.SpoolConfig;
import io.sluice.testing.Eventually;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.Rows;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spool record that fails its checksum (written here through a second appender on the same spool,
 * as a torn write would leave it) is never skipped silently: by default it is set aside as DAMAGED
 * and the events around it land; in strict mode draining stops at it and keeps everything after it
 * in the spool.
 */
class DamagedRecordTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;

  private final Set<UUID> good = new HashSet<>();
  private byte[] damaged;
  private long damagedIndex;

  private Path spoolDir() {
    return tmp.resolve("spool");
  }

  private SluiceConfig.Builder config() {
    return SluiceConfig.builder()
        .spoolDirectory(spoolDir())
        .database(postgres.database())
        .flushInterval(Duration.ofMillis(20))
        .breakerOpenDuration(Duration.ofMillis(200))
        .fatalRetryInterval(Duration.ofMillis(200));
  }

  private static TraceEvent trace(String message) {
    return TraceEvent.builder().traceId("t").eventType("step").message(message).build();
  }

  private void appendGood(Sluice sluice, int count) {
    for (int i = 0; i < count; i++) {
      good.add(sluice.append(trace("fine " + i)));
    }
  }

  /** Appends a valid encoded event with one byte flipped, through a second appender. */
  private void appendDamaged() {
    EventEncoder encoder = new EventEncoder(1 << 20);
    int length = encoder.encode(Generators.timeBasedEpochGenerator().generate(), trace("damaged"));
    damaged = Arrays.copyOf(encoder.buffer(), length);
    damaged[length / 2] ^= 0x10;
    try (Spool second = Spool.open(SpoolConfig.builder(spoolDir()).build())) {
      damagedIndex = second.append(damaged);
    }
  }

  private List<DeadLetter> deadLetters() {
    List<DeadLetter> letters = new ArrayList<>();
    try (DeadLetterSpool spool = DeadLetterSpool.open(spoolDir())) {
      spool.forEach(letters::add);
    }
    return letters;
  }

  private Set<UUID> traceIds() throws Exception {
    try (Connection c = postgres.connect()) {
      List<UUID> ids = Rows.ids(c, "trace_events");
      Set<UUID> distinct = new HashSet<>(ids);
      assertEquals(ids.size(), distinct.size(), "duplicate rows");
      return distinct;
    }
  }

  @Test
  void drain_damagedRecordBetweenGoodOnes_setsItAsideAndDrainsTheRest() throws Exception {
    try (Sluice writer = Sluice.start(config().drainEnabled(false).build())) {
      appendGood(writer, 10);
      appendDamaged();
      appendGood(writer, 10);
    }
    try (Sluice sluice = Sluice.start(config().build())) {
      assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
      SluiceStatus s = sluice.status();
      assertEquals(20, s.committed(), s.toString());
      assertEquals(1, s.deadLettered(), s.toString());
      assertEquals(0, s.backlog(), s.toString());
      assertEquals(21, s.spooledRecords(), s.toString());
      assertEquals(s.spooledRecords(), s.committed() + s.deadLettered());
      assertEquals("DRAINING", s.drainState(), s.toString());
    }
    assertEquals(good, traceIds());
    List<DeadLetter> letters = deadLetters();
    assertEquals(1, letters.size());
    DeadLetter d = letters.get(0);
    assertEquals(DeadLetter.Reason.DAMAGED, d.reason());
    assertEquals(damagedIndex, d.spoolIndex());
    assertNull(d.sqlState());
    assertArrayEquals(damaged, d.record());
    assertTrue(d.message().contains("checksum"), d.message());
  }

  @Test
  void drain_damagedRecordInStrictMode_stopsThereAndKeepsWhatFollows() throws Exception {
    Set<UUID> before;
    try (Sluice sluice = Sluice.start(config().strictSpool(true).build())) {
      appendGood(sluice, 10);
      assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
      before = new HashSet<>(good);
      appendDamaged();
      appendGood(sluice, 10);
      Eventually.until(
          "STOPPED", WAIT, () -> "STOPPED".equals(sluice.status().drainState()), sluice::status);
      SluiceStatus s = sluice.status();
      assertTrue(s.lastError().contains(String.valueOf(damagedIndex)), s.lastError());
      assertTrue(s.lastError().contains(spoolDir().toString()), s.lastError());
      assertEquals(10, s.committed(), s.toString());
      assertEquals(0, s.deadLettered(), s.toString());
      assertEquals(11, s.backlog(), s.toString());
      assertFalse(sluice.awaitDrained(Duration.ofMillis(200)));
    }
    assertEquals(before, traceIds());
    assertEquals(0, deadLetters().size());

    // nothing was lost: the default mode, started on the same spool, delivers the rest
    try (Sluice sluice = Sluice.start(config().build())) {
      assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
      assertEquals(20, sluice.status().committed());
      assertEquals(1, sluice.status().deadLettered());
    }
    assertEquals(good, traceIds());
    assertEquals(
        List.of(damagedIndex), deadLetters().stream().map(DeadLetter::spoolIndex).toList());
  }

  /** A rejected row and a damaged record in one batch: both must reach the dead-letter spool. */
  @Test
  void drain_rejectedRowBeforeDamagedRecordInOneBatch_keepsBothDeadLetters() throws Exception {
    try (Sluice sluice = Sluice.start(config().build())) {
      appendGood(sluice, 1); // creates the schema
      assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
    }
    try (Connection c = postgres.connect()) {
      Rows.execute(
          c,
          "ALTER TABLE agent_observability.trace_events"
              + " ADD CONSTRAINT no_poison CHECK (message <> 'poison')");
    }
    UUID poison;
    try (Sluice writer = Sluice.start(config().drainEnabled(false).build())) {
      appendGood(writer, 3);
      poison = writer.append(trace("poison"));
      appendGood(writer, 3);
      appendDamaged();
      appendGood(writer, 3);
    }
    try (Sluice sluice = Sluice.start(config().build())) {
      assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
      assertEquals(10, sluice.status().committed(), sluice.status().toString());
      assertEquals(2, sluice.status().deadLettered(), sluice.status().toString());
    }
    assertEquals(good, traceIds());
    List<DeadLetter> letters = deadLetters();
    assertEquals(
        Set.of(DeadLetter.Reason.REJECTED, DeadLetter.Reason.DAMAGED),
        new HashSet<>(letters.stream().map(DeadLetter::reason).toList()),
        "dead letters: " + letters.stream().map(d -> d.reason() + "@" + d.spoolIndex()).toList());
    assertEquals(2, letters.size());
    for (DeadLetter d : letters) {
      if (d.reason() == DeadLetter.Reason.REJECTED) {
        assertEquals(poison, new EventDecoder().decode(d.record()).id());
      } else {
        assertEquals(damagedIndex, d.spoolIndex());
      }
    }
  }
}
