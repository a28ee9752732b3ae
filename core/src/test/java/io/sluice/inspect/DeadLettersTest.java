package io.sluice.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.internal.codec.EventEncoder;
import io.sluice.internal.drain.DeadLetterSpool;
import io.sluice.model.DeadLetter;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SpooledEvent;
import io.sluice.model.TraceEvent;
import io.sluice.model.TraceLevel;
import io.sluice.spool.Spool;
import io.sluice.spool.SpoolAccessException;
import io.sluice.spool.SpoolConfig;
import io.sluice.spool.SpoolReader;
import io.sluice.spool.SpoolRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dead-letter API on real spool folders: read, decode, replay with marks, purge. */
class DeadLettersTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-30T08:00:00Z"), ZoneOffset.UTC);

  @TempDir Path tmp;
  private Path dir;

  @BeforeEach
  void spoolWithThreeDeadLetters() {
    dir = tmp.resolve("spool");
    try (Spool spool = Spool.open(SpoolConfig.builder(dir).build())) {
      spool.append(new byte[] {1}); // the main spool exists, with one record
    }
    try (DeadLetterSpool letters = DeadLetterSpool.open(dir)) {
      letters.append(letter(DeadLetter.Reason.REJECTED, 10, "23514", record("a")));
      letters.append(letter(DeadLetter.Reason.DAMAGED, 11, null, new byte[] {9, 9, 9}));
      letters.append(letter(DeadLetter.Reason.EXPIRED, 12, null, record("c")));
    }
  }

  @Test
  void read_returnsEveryLetterInOrder_andDecodeFindsTheEventOrNull() {
    List<DeadLetter> letters = DeadLetters.read(dir);

    assertEquals(List.of(10L, 11L, 12L), letters.stream().map(DeadLetter::spoolIndex).toList());
    assertEquals(3, DeadLetters.count(dir));
    SpooledEvent a = DeadLetters.decode(letters.get(0));
    assertEquals("a", ((TraceEvent) a.event()).traceId());
    assertNull(DeadLetters.decode(letters.get(1)), "a damaged record does not decode");
  }

  @Test
  void replay_appendsTheOriginalBytesToTheMainSpoolAndMarksEachLetter() {
    List<DeadLetter> letters = DeadLetters.read(dir);
    List<DeadLetter> todo = List.of(letters.get(0), letters.get(2));
    List<Integer> progress = new ArrayList<>();

    DeadLetterReplay.Result r =
        DeadLetterReplay.replay(SpoolConfig.builder(dir).build(), todo, CLOCK, progress::add);

    assertEquals(2, r.replayed());
    assertEquals(List.of(1, 2), progress);
    List<byte[]> main = mainRecords();
    assertEquals(3, main.size());
    assertArrayEquals(letters.get(0).record(), main.get(1));
    assertArrayEquals(letters.get(2).record(), main.get(2));
    var marks = DeadLetters.replayed(dir);
    assertEquals(List.of(10L, 12L), new ArrayList<>(marks.keySet()));
    assertEquals(r.firstNewIndex(), marks.get(10L).newIndex());
    assertEquals(r.lastNewIndex(), marks.get(12L).newIndex());
    assertEquals(CLOCK.instant(), marks.get(12L).replayedAt());
  }

  @Test
  void purge_keepsOnlyTheGivenLettersAndTheirReplayMarks() {
    List<DeadLetter> letters = DeadLetters.read(dir);
    DeadLetterReplay.replay(
        SpoolConfig.builder(dir).build(), List.of(letters.get(0), letters.get(2)), CLOCK, n -> {});

    DeadLetters.purge(dir, List.of(letters.get(1), letters.get(2)));

    assertEquals(
        List.of(11L, 12L), DeadLetters.read(dir).stream().map(DeadLetter::spoolIndex).toList());
    assertEquals(List.of(12L), new ArrayList<>(DeadLetters.replayed(dir).keySet()));
    assertFalse(Files.exists(dir.resolve(DeadLetters.PURGE_OLD)), "the old folder is gone");
  }

  @Test
  void read_afterAnInterruptedPurge_refusesNamingTheFolderToRenameBack() throws Exception {
    Files.move(DeadLetters.folder(dir), dir.resolve(DeadLetters.PURGE_OLD));

    SpoolAccessException e = assertThrows(SpoolAccessException.class, () -> DeadLetters.read(dir));
    assertTrue(e.getMessage().contains(DeadLetters.PURGE_OLD), e.getMessage());
  }

  private List<byte[]> mainRecords() {
    List<byte[]> records = new ArrayList<>();
    try (Spool spool = Spool.openReadOnly(dir);
        SpoolReader reader = spool.reader()) {
      for (SpoolRecord r = reader.next(); r != null; r = reader.next()) {
        records.add(r.payload());
      }
    }
    return records;
  }

  private static DeadLetter letter(DeadLetter.Reason reason, long index, String state, byte[] rec) {
    return new DeadLetter(reason, index, state, "refused", 1, CLOCK.instant(), rec);
  }

  private static byte[] record(String traceId) {
    EventEncoder encoder = new EventEncoder(SluiceConfig.DEFAULT_MAX_EVENT_BYTES);
    TraceEvent e =
        TraceEvent.builder()
            .traceId(traceId)
            .eventType("task_started")
            .level(TraceLevel.INFO)
            .agentName("planner")
            .message("m")
            .build();
    int n = encoder.encode(UUID.randomUUID(), e);
    return Arrays.copyOf(encoder.buffer(), n);
  }
}
