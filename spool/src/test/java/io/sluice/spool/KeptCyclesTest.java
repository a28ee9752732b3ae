package io.sluice.spool;

import static io.sluice.spool.TestSpools.assertRecords;
import static io.sluice.spool.TestSpools.numbersAfter;
import static io.sluice.spool.TestSpools.range;
import static io.sluice.spool.TestSpools.record;
import static io.sluice.spool.TestSpools.secondly;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Committed cycle files a consumer keeps for a database failover count toward the byte budget and
 * are the first to go, oldest first and only as many as needed, when an append needs room; records
 * not marked committed are never given up.
 */
class KeptCyclesTest {
  private static final int KIB = 1024;

  @TempDir Path tmp;
  private final MutableClock clock = new MutableClock();

  private SpoolConfig config(SpoolFullPolicy policy) {
    return secondly(tmp.resolve("s"), clock)
        .maxSpoolBytes(3L << 20)
        .fullPolicy(policy)
        .blockTimeout(Duration.ofSeconds(5))
        .build();
  }

  @Test
  void append_budgetHeldByKeptCommittedFiles_releasesTheOldestFirstWithOneWarn() {
    ListAppender<ILoggingEvent> log = TestSpools.captureSpoolLog();
    try (Spool spool = Spool.open(config(SpoolFullPolicy.FAIL))) {
      long committed = -1;
      for (int file = 0; file < 3; file++) { // three kept files of 150 records, all committed
        for (int n = file * 150; n < file * 150 + 150; n++) {
          committed = spool.append(record(n, KIB));
        }
        clock.nextCycle();
      }
      List<SpoolCycle> before = spool.cycles();
      spool.markCommitted(committed);

      int n = 450;
      while (spool.deletedCount() == 0 && n < 5_000) { // until the budget needs a kept file
        spool.append(record(n++, KIB));
      }
      int end = n + 50; // a little more: the one file released holds room for it
      while (n < end) {
        spool.append(record(n++, KIB));
      }

      List<SpoolCycle> after = spool.cycles();
      assertTrue(Files.notExists(before.get(0).file()), "the oldest kept file went first");
      assertTrue(Files.exists(before.get(2).file()), "the file holding the commit is kept");
      assertTrue(Files.exists(before.get(1).file()), "only as many as needed");
      assertEquals(before.size() + 1 - 1, after.size());
      int released = 1;
      assertEquals(150L, spool.deletedCount());
      assertRecords(range(150, end), numbersAfter(spool, -1));
      assertEquals(end, spool.appendedCount(), "released records stay counted as appended");
      List<String> warns =
          log.list.stream()
              .filter(e -> e.getLevel() == Level.WARN)
              .map(ILoggingEvent::getFormattedMessage)
              .toList();
      assertTrue(
          warns.stream().allMatch(w -> w.contains("kept for a database failover")), "" + warns);
      long named =
          warns.stream()
              .map(w -> java.util.regex.Pattern.compile("\\((\\d+) events").matcher(w))
              .filter(java.util.regex.Matcher::find)
              .mapToLong(m -> Long.parseLong(m.group(1)))
              .sum();
      assertEquals(150L * released, named, "the WARNs name the events given up: " + warns);
    } finally {
      TestSpools.stopCapture(log);
    }
  }

  @Test
  void append_fullOfUncommittedRecords_releasesNothing() {
    try (Spool spool = Spool.open(config(SpoolFullPolicy.FAIL))) {
      long first = -1;
      for (int file = 0; file < 2; file++) {
        for (int n = file * 150; n < file * 150 + 150; n++) {
          long index = spool.append(record(n, KIB));
          first = first < 0 ? index : first;
        }
        clock.nextCycle();
      }
      spool.markCommitted(first); // only the first record is committed: its file is kept

      assertThrows(
          SpoolFullException.class,
          () -> {
            for (int n = 300; n < 5_000; n++) {
              spool.append(record(n, KIB));
            }
          });
      assertEquals(0, spool.deletedCount());
      assertEquals(0, numbersAfter(spool, -1).get(0));
    }
  }
}
