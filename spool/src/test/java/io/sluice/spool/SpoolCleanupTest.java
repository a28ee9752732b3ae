package io.sluice.spool;

import static io.sluice.spool.TestSpools.assertRecords;
import static io.sluice.spool.TestSpools.numbersAfter;
import static io.sluice.spool.TestSpools.range;
import static io.sluice.spool.TestSpools.record;
import static io.sluice.spool.TestSpools.secondly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.spool.TestSpools.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleting committed cycle files, on cycle files that really roll (secondly, on a test clock). */
class SpoolCleanupTest {
  private static final int PER_CYCLE = 50;

  @TempDir Path tmp;
  private final MutableClock clock = new MutableClock();

  /**
   * Opens a spool and writes {@code cycles} cycle files of 50 numbered records; returns indexes.
   */
  private long[] fill(Spool spool, int cycles) {
    long[] indexes = new long[cycles * PER_CYCLE];
    for (int n = 0; n < indexes.length; n++) {
      if (n > 0 && n % PER_CYCLE == 0) {
        clock.nextCycle();
      }
      indexes[n] = spool.append(record(n, 100));
    }
    return indexes;
  }

  private Spool open() {
    return Spool.open(secondly(tmp.resolve("s"), clock).build());
  }

  private static List<Path> files(Spool spool) {
    return spool.cycles().stream().map(SpoolCycle::file).toList();
  }

  @Test
  void deleteCyclesBefore_committedInThirdCycle_deletesOlderFilesAndKeepsLaterRecordsInOrder() {
    try (Spool spool = open()) {
      long[] indexes = fill(spool, 4);
      List<Path> before = files(spool);
      assertEquals(4, before.size(), "cycle files really rolled");
      long usedBefore = spool.usedBytes();
      long committed = indexes[2 * PER_CYCLE + 20];

      SpoolCleanup cleanup = spool.deleteCyclesBefore(committed);

      assertEquals(2, cleanup.files());
      assertEquals(2L * PER_CYCLE, cleanup.records());
      assertEquals(
          before.subList(0, 2), cleanup.deletedCycles().stream().map(SpoolCycle::file).toList());
      assertTrue(
          Files.notExists(before.get(0)) && Files.notExists(before.get(1)), "old files gone");
      assertEquals(before.subList(2, 4), files(spool));
      assertEquals(usedBefore - cleanup.bytes(), spool.usedBytes());
      assertRecords(range(2 * PER_CYCLE + 21, 4 * PER_CYCLE), numbersAfter(spool, committed));
      assertRecords(range(2 * PER_CYCLE, 4 * PER_CYCLE), numbersAfter(spool, -1));
      assertEquals(indexes[2 * PER_CYCLE], spool.firstIndex());
    }
    try (Spool reopened = open()) {
      assertRecords(range(2 * PER_CYCLE, 4 * PER_CYCLE), numbersAfter(reopened, -1));
    }
  }

  @Test
  void deleteCyclesBefore_committedInCurrentCycle_keepsTheCurrentCycle() {
    try (Spool spool = open()) {
      long[] indexes = fill(spool, 2);
      List<Path> before = files(spool);

      SpoolCleanup cleanup = spool.deleteCyclesBefore(indexes[indexes.length - 1]);

      assertEquals(1, cleanup.files());
      assertEquals(before.subList(1, 2), files(spool));
      assertRecords(range(PER_CYCLE, 2 * PER_CYCLE), numbersAfter(spool, -1));
      assertEquals(0, spool.deleteCyclesBefore(indexes[indexes.length - 1]).files(), "idempotent");
    }
  }

  @Test
  void deleteCyclesBefore_neverDeletesTheCycleHoldingTheCommittedRecord() {
    try (Spool spool = open()) {
      long[] indexes = fill(spool, 3);
      List<Path> before = files(spool);

      assertEquals(0, spool.deleteCyclesBefore(indexes[0]).files());
      assertEquals(0, spool.deleteCyclesBefore(indexes[PER_CYCLE - 1]).files(), "last of cycle 1");
      assertEquals(before, files(spool));
      assertRecords(range(PER_CYCLE, 3 * PER_CYCLE), numbersAfter(spool, indexes[PER_CYCLE - 1]));

      assertEquals(1, spool.deleteCyclesBefore(indexes[PER_CYCLE]).files(), "first of cycle 2");
      assertRecords(range(PER_CYCLE + 1, 3 * PER_CYCLE), numbersAfter(spool, indexes[PER_CYCLE]));
    }
  }

  @Test
  void deleteCyclesBefore_thenAppendInANewCycle_keepsEverythingAfterTheCommittedRecord() {
    try (Spool spool = open()) {
      long[] indexes = fill(spool, 2);
      clock.nextCycle(); // the write cycle moves on, no file for it yet

      SpoolCleanup cleanup = spool.deleteCyclesBefore(indexes[indexes.length - 1]);

      assertEquals(1, cleanup.files(), "only the cycle before the committed one");
      long next = spool.append(record(2 * PER_CYCLE, 100));
      assertRecords(range(PER_CYCLE, 2 * PER_CYCLE + 1), numbersAfter(spool, -1));
      assertEquals(next, spool.lastIndex());
    }
  }

  @Test
  void deleteCyclesBefore_indexNotInTheSpool_refusesAndDeletesNothing() {
    try (Spool spool = open()) {
      long[] indexes = fill(spool, 2);
      List<Path> before = files(spool);
      long beyond = indexes[indexes.length - 1] + 5;

      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> spool.deleteCyclesBefore(beyond));

      assertTrue(e.getMessage().contains(Long.toString(beyond)), e.getMessage());
      assertEquals(SpoolCleanup.NONE, spool.deleteCyclesBefore(-1));
      assertEquals(before, files(spool));
      assertRecords(range(0, 2 * PER_CYCLE), numbersAfter(spool, -1));
    }
  }

  @Test
  void deleteCyclesBefore_onReadOnlySpool_refuses() {
    long last;
    try (Spool spool = open()) {
      last = fill(spool, 2)[2 * PER_CYCLE - 1];
    }
    try (Spool readOnly = Spool.openReadOnly(tmp.resolve("s"))) {
      SpoolException e =
          assertThrows(SpoolException.class, () -> readOnly.deleteCyclesBefore(last));
      assertTrue(e.getMessage().contains("read-only"), e.getMessage());
      assertEquals(2, readOnly.cycles().size());
    }
  }
}
