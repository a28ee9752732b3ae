package io.sluice.spool;

import static io.sluice.spool.TestSpools.assertRecords;
import static io.sluice.spool.TestSpools.await;
import static io.sluice.spool.TestSpools.numbersAfter;
import static io.sluice.spool.TestSpools.range;
import static io.sluice.spool.TestSpools.record;
import static io.sluice.spool.TestSpools.secondly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sluice.spool.TestSpools.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The byte budget (on real files, a real 2-4 MiB budget) and the free-space reserve (through an
 * injected probe: a real disk cannot be filled in a test) under each {@link SpoolFullPolicy}.
 */
class SpoolBudgetTest {
  private static final int KIB = 1024;
  private static final long GIB = 1L << 30;

  @TempDir Path tmp;
  private final MutableClock clock = new MutableClock();

  /** Appends numbered 1 KiB records from {@code first} until the spool refuses one. */
  private static int fillUntilRefused(Spool spool, int first) {
    for (int n = first; n < first + 10_000; n++) {
      if (spool.append(record(n, KIB)) == Spool.DROPPED) {
        return n;
      }
    }
    throw new AssertionError("the spool never filled up");
  }

  @Test
  void append_budgetReachedWithFail_throwsAtOnceNamingTheBudgetAndKeepsEveryRecord() {
    Path dir = tmp.resolve("s");
    SpoolConfig config =
        secondly(dir, clock).maxSpoolBytes(2L << 20).fullPolicy(SpoolFullPolicy.FAIL).build();
    try (Spool spool = Spool.open(config)) {
      int accepted = 0;
      SpoolFullException full = null;
      while (full == null && accepted < 10_000) {
        try {
          spool.append(record(accepted, KIB));
          accepted++;
        } catch (SpoolFullException e) {
          full = e;
        }
      }
      assertTrue(full != null, "never refused");
      assertTrue(full.getMessage().contains(dir.toString()), full.getMessage());
      assertTrue(full.getMessage().contains("maxSpoolBytes=2097152"), full.getMessage());
      assertThrows(SpoolFullException.class, () -> spool.append(record(-1, KIB)));

      assertTrue(spool.usedBytes() <= 2L << 20, "used " + spool.usedBytes());
      assertTrue(accepted > 100, "accepted " + accepted);
      assertRecords(range(0, accepted), numbersAfter(spool, -1));
    }
  }

  @Test
  void append_budgetReachedWithBlock_timesOutWithSpoolFullException() {
    SpoolConfig config =
        secondly(tmp.resolve("s"), clock)
            .maxSpoolBytes(2L << 20)
            .fullPolicy(SpoolFullPolicy.BLOCK)
            .blockTimeout(Duration.ofMillis(50))
            .build();
    try (Spool spool = Spool.open(config)) {
      int accepted = 0;
      SpoolFullException full = null;
      while (full == null && accepted < 10_000) {
        try {
          spool.append(record(accepted, KIB));
          accepted++;
        } catch (SpoolFullException e) {
          full = e;
        }
      }
      assertTrue(full != null, "never refused");
      assertTrue(full.getMessage().contains("after waiting 50 ms"), full.getMessage());
      assertRecords(range(0, accepted), numbersAfter(spool, -1));
    }
  }

  @Test
  void append_blockedByBudget_resumesWhenDeleteCyclesBeforeFreesSpace() throws Exception {
    SpoolConfig config =
        secondly(tmp.resolve("s"), clock)
            .maxSpoolBytes(3L << 20)
            .fullPolicy(SpoolFullPolicy.BLOCK)
            .blockTimeout(Duration.ofSeconds(30))
            .build();
    try (Spool spool = Spool.open(config)) {
      // Two cycle files of 200 records, then a third that cannot take the next 1000.
      long committed = -1;
      for (int n = 0; n < 400; n++) {
        if (n == 200) {
          clock.nextCycle();
        }
        committed = spool.append(record(n, KIB));
      }
      clock.nextCycle();
      Path firstFile = spool.cycles().get(0).file();
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(
              () -> {
                for (int n = 400; n < 1400; n++) {
                  spool.append(record(n, KIB));
                }
              });
      await(() -> spool.waitingAppenders() == 1 || writer.isDone(), "the writer to block");
      assertEquals(1, spool.waitingAppenders(), "the writer should be blocked on the budget");

      SpoolCleanup cleanup = spool.deleteCyclesBefore(committed);

      writer.get(20, TimeUnit.SECONDS);
      assertEquals(1, cleanup.files());
      assertEquals(200, cleanup.records());
      assertTrue(Files.notExists(firstFile), firstFile + " should be deleted");
      assertRecords(range(400, 1400), numbersAfter(spool, committed));
      assertRecords(range(200, 1400), numbersAfter(spool, -1));
    }
  }

  @Test
  void append_belowFreeSpaceReserve_blocksUntilTheDiskHasRoomAgain() throws Exception {
    AtomicLong free = new AtomicLong(GIB + 100); // below the 1 GiB reserve plus one record
    SpoolConfig config =
        SpoolConfig.builder(tmp.resolve("s"))
            .minFreeDiskBytes(GIB)
            .freeSpaceProbe(dir -> free.get())
            .spaceCheckInterval(Duration.ofMillis(10))
            .blockTimeout(Duration.ofSeconds(30))
            .build();
    try (Spool spool = Spool.open(config)) {
      CompletableFuture<Long> writer =
          CompletableFuture.supplyAsync(() -> spool.append(record(0, KIB)));
      await(() -> spool.waitingAppenders() == 1 || writer.isDone(), "the writer to block");
      assertEquals(1, spool.waitingAppenders(), "the writer should be blocked on the reserve");

      free.set(10 * GIB);

      assertNotEquals(Spool.DROPPED, writer.get(20, TimeUnit.SECONDS));
      assertRecords(List.of(0), numbersAfter(spool, -1));
    }
  }

  @Test
  void append_belowFreeSpaceReserveWithFail_throwsNamingFreeSpaceAndReserve() {
    Path dir = tmp.resolve("s");
    SpoolConfig config =
        SpoolConfig.builder(dir)
            .minFreeDiskBytes(GIB)
            .freeSpaceProbe(d -> GIB - 1)
            .fullPolicy(SpoolFullPolicy.FAIL)
            .build();
    try (Spool spool = Spool.open(config)) {
      SpoolFullException e =
          assertThrows(SpoolFullException.class, () -> spool.append(record(0, 10)));
      assertTrue(e.getMessage().contains("1073741823 bytes free"), e.getMessage());
      assertTrue(e.getMessage().contains("minFreeDiskBytes=1073741824"), e.getMessage());
      assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
      assertEquals(-1, spool.lastIndex(), "nothing appended");
    }
  }

  @Test
  void append_fullWithDropNewest_countsDropsWarnsOncePerEpisodeAndCountSurvivesReopen() {
    Path dir = tmp.resolve("s");
    SpoolConfig config =
        secondly(dir, clock)
            .maxSpoolBytes(3L << 20)
            .fullPolicy(SpoolFullPolicy.DROP_NEWEST)
            .build();
    ListAppender<ILoggingEvent> log = TestSpools.captureSpoolLog();
    int accepted;
    try (Spool spool = Spool.open(config)) {
      for (int n = 0; n < 200; n++) {
        spool.append(record(n, KIB));
      }
      clock.nextCycle();
      accepted = fillUntilRefused(spool, 200); // the first drop
      for (int i = 0; i < 4; i++) {
        assertEquals(Spool.DROPPED, spool.append(record(-1, KIB)));
      }
      assertEquals(5, spool.droppedCount());
      assertEquals(1, TestSpools.count(log, Level.WARN), "one warning for the episode");

      spool.deleteCyclesBefore(spool.lastIndex()); // frees the first cycle file: episode over
      accepted = fillUntilRefused(spool, accepted); // a second episode
      assertEquals(6, spool.droppedCount());
      assertEquals(2, TestSpools.count(log, Level.WARN), "one warning per episode");
      assertRecords(range(200, accepted), numbersAfter(spool, -1));
    } finally {
      TestSpools.stopCapture(log);
    }
    try (Spool reopened = Spool.open(config)) {
      assertEquals(6, reopened.droppedCount());
    }
    try (Spool readOnly = Spool.openReadOnly(dir)) {
      assertEquals(6, readOnly.droppedCount());
      assertRecords(range(200, accepted), numbersAfter(readOnly, -1));
    }
  }
}
