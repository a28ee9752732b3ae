package io.sluice.spool;

import static io.sluice.spool.TestSpools.assertRecords;
import static io.sluice.spool.TestSpools.await;
import static io.sluice.spool.TestSpools.numbersAfter;
import static io.sluice.spool.TestSpools.range;
import static io.sluice.spool.TestSpools.record;
import static io.sluice.spool.TestSpools.secondly;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.spool.TestSpools.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sync policies. Power loss cannot be simulated here; these check that syncing works on real files,
 * that the synced position (Chronicle's {@code lastIndexMSynced}) advances as each policy promises,
 * and that every record reads back.
 */
class SpoolSyncTest {
  @TempDir Path tmp;
  private final MutableClock clock = new MutableClock();

  private SpoolConfig.Builder config() {
    return secondly(tmp.resolve("s"), clock);
  }

  @Test
  void append_withSyncEvery_isSyncedBeforeItReturnsAcrossCycleFiles() {
    try (Spool spool = Spool.open(config().syncPolicy(SyncPolicy.EVERY).build())) {
      for (int n = 0; n < 60; n++) {
        if (n == 30) {
          clock.nextCycle();
        }
        long index = spool.append(record(n, 100));
        assertEquals(index, spool.lastSyncedIndex(), "synced before append returned");
      }
      assertEquals(2, spool.cycles().size());
      assertRecords(range(0, 60), numbersAfter(spool, -1));
    }
  }

  @Test
  void append_withSyncEveryFromManyThreads_keepsEveryRecordOnce() throws Exception {
    int threads = 4;
    int perThread = 100;
    try (Spool spool = Spool.open(config().syncPolicy(SyncPolicy.EVERY).build())) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t * perThread;
        futures.add(
            pool.submit(
                () -> {
                  for (int n = first; n < first + perThread; n++) {
                    spool.append(record(n, 100));
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      Set<Integer> seen = new HashSet<>(numbersAfter(spool, -1));
      assertEquals(new HashSet<>(range(0, threads * perThread)), seen);
      assertEquals(spool.lastIndex(), spool.lastSyncedIndex());
    }
  }

  @Test
  void append_withIntervalEveryTenEvents_syncsOnTheTenthAppend() {
    SpoolConfig c =
        config()
            .syncPolicy(SyncPolicy.INTERVAL)
            .syncInterval(Duration.ofHours(1))
            .syncEveryEvents(10)
            .build();
    try (Spool spool = Spool.open(c)) {
      long[] indexes = new long[25];
      for (int n = 0; n < 25; n++) {
        if (n == 15) {
          clock.nextCycle();
        }
        indexes[n] = spool.append(record(n, 100));
        if (n == 8) {
          assertEquals(-1, spool.lastSyncedIndex(), "nothing synced before the tenth append");
        }
      }
      assertEquals(indexes[19], spool.lastSyncedIndex(), "synced at the twentieth append");
      assertRecords(range(0, 25), numbersAfter(spool, -1));
    }
  }

  @Test
  void append_withIntervalByTime_backgroundThreadSyncsEverythingAcrossCycleFiles()
      throws InterruptedException {
    SpoolConfig c =
        config().syncPolicy(SyncPolicy.INTERVAL).syncInterval(Duration.ofMillis(5)).build();
    try (Spool spool = Spool.open(c)) {
      long last = -1;
      for (int n = 0; n < 40; n++) {
        if (n == 20) {
          clock.nextCycle();
        }
        last = spool.append(record(n, 100));
      }
      long expected = last;
      await(() -> spool.lastSyncedIndex() == expected, "the background sync");
      assertRecords(range(0, 40), numbersAfter(spool, -1));
    }
  }

  @Test
  void close_withInterval_syncsTheRestAndReadOnlySeesTheSyncedIndex() {
    long last = -1;
    SpoolConfig c =
        config().syncPolicy(SyncPolicy.INTERVAL).syncInterval(Duration.ofHours(1)).build();
    try (Spool spool = Spool.open(c)) {
      for (int n = 0; n < 5; n++) {
        last = spool.append(record(n, 100));
      }
      assertEquals(-1, spool.lastSyncedIndex(), "no sync yet: the interval is an hour");
    }
    try (Spool readOnly = Spool.openReadOnly(tmp.resolve("s"))) {
      assertEquals(last, readOnly.lastSyncedIndex());
      assertRecords(range(0, 5), numbersAfter(readOnly, -1));
    }
  }

  @Test
  void append_withSyncNone_neverClaimsASync() {
    try (Spool spool = Spool.open(config().build())) {
      for (int n = 0; n < 5; n++) {
        spool.append(record(n, 100));
      }
      assertEquals(-1, spool.lastSyncedIndex());
      assertRecords(range(0, 5), numbersAfter(spool, -1));
    }
  }
}
