package io.sluice.spool;

import static io.sluice.spool.TestSpools.numberOf;
import static io.sluice.spool.TestSpools.record;
import static io.sluice.spool.TestSpools.secondly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.spool.TestSpools.MutableClock;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged cycle files and metadata.cq4t: found by {@link SpoolVerification}, rebuilt by {@link
 * SpoolRepair} (on a writable open) with every readable record at its own index, the rest counted
 * as unreadable, on spools whose files really roll (secondly, on a test clock).
 */
class SpoolRepairTest {
  private static final int PER_CYCLE = 200;

  @TempDir Path tmp;
  private final MutableClock clock = new MutableClock();

  private Path dir() {
    return tmp.resolve("s");
  }

  private Spool open() {
    return Spool.open(secondly(dir(), clock).build());
  }

  /** Three cycle files of 200 records of 60-200 bytes; returns the indexes. */
  private List<Long> fill() {
    List<Long> indexes = new ArrayList<>();
    Random sizes = new Random(1);
    try (Spool spool = open()) {
      for (int n = 0; n < 3 * PER_CYCLE; n++) {
        if (n > 0 && n % PER_CYCLE == 0) {
          clock.nextCycle();
        }
        indexes.add(spool.append(record(n, 60 + sizes.nextInt(140))));
      }
    }
    return indexes;
  }

  private Path cycleFile(int i) {
    return SpoolVerification.cycleFiles(dir()).get(i);
  }

  /** Offset in its cycle file of the header of the record at {@code index}. */
  private long headerOf(List<Long> indexes, int n) {
    try (Spool spool = Spool.openReadOnly(dir());
        SpoolReader reader = spool.reader()) {
      if (n > 0) {
        reader.seekAfter(indexes.get(n - 1));
      }
      reader.next();
      return reader.lastRecordOffset() - 4;
    }
  }

  private static void write(Path file, long at, byte[] bytes) throws Exception {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(bytes), at);
    }
  }

  /** Reads every record: numbers of the readable ones, and how many read as unreadable. */
  private static List<Integer> read(Spool spool, List<Long> indexesSeen, int[] unreadable) {
    List<Integer> numbers = new ArrayList<>();
    try (SpoolReader reader = spool.reader()) {
      for (SpoolRecord r = reader.next(); r != null; r = reader.next()) {
        indexesSeen.add(r.index());
        if (r.unreadable()) {
          unreadable[0]++;
        } else {
          numbers.add(numberOf(r));
        }
      }
    }
    return numbers;
  }

  @Test
  void verification_wholeSpool_findsNothing() {
    fill();
    SpoolVerification v = SpoolVerification.of(dir(), testSecondly());
    assertFalse(v.damaged(), v.files().toString());
    assertEquals(3, v.files().size());
    assertEquals(3L * PER_CYCLE, v.files().stream().mapToLong(CycleFileReport::records).sum());
  }

  @Test
  void open_middleFileWithGarbageAmongItsRecords_keepsEveryIndexAndCountsTheLost()
      throws Exception {
    List<Long> indexes = fill();
    Path middle = cycleFile(1);
    byte[] junk = new byte[700];
    new Random(7).nextBytes(junk);
    write(middle, headerOf(indexes, PER_CYCLE + 50) + 10, junk);

    SpoolVerification v = SpoolVerification.of(dir(), testSecondly());
    CycleFileReport report = v.files().get(1);
    assertTrue(report.damaged(), report.describe());
    assertTrue(report.describe().contains(middle.toString()), report.describe());
    assertEquals(PER_CYCLE, report.records(), report.describe());
    long lost = report.unreadable();
    assertTrue(lost > 0 && lost < 20, report.describe());
    DamagedSpoolFileException refused =
        assertThrows(DamagedSpoolFileException.class, () -> Spool.openReadOnly(dir()));
    assertEquals(middle, refused.file());

    try (Spool spool = open()) {
      assertEquals(3L * PER_CYCLE, spool.appendedCount());
      assertEquals(lost, spool.unreadableCount());
      List<Long> seen = new ArrayList<>();
      int[] unreadable = {0};
      List<Integer> numbers = read(spool, seen, unreadable);
      assertEquals(indexes, seen, "every index kept, in order");
      assertEquals(lost, unreadable[0]);
      assertEquals(3 * PER_CYCLE - lost, numbers.size());
      assertEquals(numbers.stream().distinct().count(), numbers.size());
      long n = spool.append(record(9999, 10));
      assertTrue(n > indexes.get(indexes.size() - 1));
    }
    assertTrue(Files.exists(dir().resolve("quarantine").resolve(middle.getFileName())));
    assertFalse(SpoolVerification.of(dir(), testSecondly()).damaged());
  }

  @Test
  void open_headerOverwritten_keepsAllRecords() throws Exception {
    List<Long> indexes = fill();
    byte[] junk = new byte[4096];
    new Random(3).nextBytes(junk);
    write(cycleFile(0), 0, junk);

    assertTrue(SpoolVerification.of(dir(), testSecondly()).files().get(0).damaged());
    try (Spool spool = open()) {
      List<Long> seen = new ArrayList<>();
      int[] unreadable = {0};
      assertEquals(3 * PER_CYCLE, read(spool, seen, unreadable).size());
      assertEquals(indexes, seen);
      assertEquals(0, spool.unreadableCount());
    }
  }

  @Test
  void open_oneLengthBitFlipped_losesOnlyThatRecord() throws Exception {
    List<Long> indexes = fill();
    Path file = cycleFile(1);
    int damaged = PER_CYCLE + 50;
    long offset = headerOf(indexes, damaged);
    ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ch.read(header, offset);
    }
    // a length 1 KiB longer: the walk jumps over the next records into their payloads
    int flipped = header.getInt(0) ^ (1 << 10);
    write(
        file,
        offset,
        ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(flipped).array());

    try (Spool spool = open()) {
      assertEquals(1, spool.unreadableCount());
      assertEquals(3L * PER_CYCLE, spool.appendedCount());
      List<Long> seen = new ArrayList<>();
      int[] unreadable = new int[1];
      List<Integer> numbers = read(spool, seen, unreadable);
      List<Integer> expected = new ArrayList<>();
      for (int n = 0; n < 3 * PER_CYCLE; n++) {
        if (n != damaged) {
          expected.add(n);
        }
      }
      assertEquals(expected, numbers);
      assertEquals(1, unreadable[0]);
      assertEquals(indexes, seen);
    }
  }

  @Test
  void open_recordLengthPastTheEndOfTheFile_setsOnlyThatRecordAside() throws Exception {
    List<Long> indexes = fill();
    Path file = cycleFile(2);
    long offset = headerOf(indexes, 2 * PER_CYCLE + 50);
    byte[] huge = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(193_973_658).array();
    write(file, offset, huge);

    try (Spool spool = open()) {
      assertEquals(1, spool.unreadableCount());
      assertEquals(3L * PER_CYCLE, spool.appendedCount());
      assertEquals(1, spool.unreadableAfter(indexes.get(2 * PER_CYCLE)));
      assertEquals(0, spool.unreadableAfter(indexes.get(2 * PER_CYCLE + 50)));
    }
  }

  @Test
  void open_strict_refusesNamingTheFileAndLeavesItInPlace() throws Exception {
    List<Long> indexes = fill();
    Path file = cycleFile(1);
    write(file, headerOf(indexes, PER_CYCLE + 20), new byte[4096]);
    SpoolConfig strict = secondly(dir(), clock).refuseTruncatedFiles(true).build();

    DamagedSpoolFileException e =
        assertThrows(DamagedSpoolFileException.class, () -> Spool.open(strict));
    assertEquals(file, e.file());
    assertTrue(e.getMessage().contains("sluice repair"), e.getMessage());
    assertTrue(Files.exists(file));
    assertFalse(Files.exists(dir().resolve("quarantine")));
  }

  @Test
  void open_damagedMetadata_isRebuiltAndCountersRecovered() throws Exception {
    fill();
    try (Spool spool = open()) {
      spool.deleteCyclesBefore(spool.lastIndex()); // counts 400 deleted records
      assertEquals(3L * PER_CYCLE, spool.appendedCount());
    }
    Path meta = dir().resolve("metadata.cq4t");
    byte[] junk = new byte[64];
    new Random(5).nextBytes(junk);
    write(meta, 0, junk);

    SpoolVerification v = SpoolVerification.of(dir(), testSecondly());
    assertNotNull(v.metadataProblem());
    try (Spool spool = open()) {
      assertEquals(3L * PER_CYCLE, spool.appendedCount(), "deleted count recovered");
      spool.append(record(1, 10));
    }
    assertTrue(Files.exists(dir().resolve("quarantine").resolve("metadata.cq4t")));
  }

  @Test
  void plan_changesNothing() throws Exception {
    fill();
    write(cycleFile(0), 0, new byte[4096]);
    byte[] before = Files.readAllBytes(cycleFile(0));

    SpoolRepair plan = SpoolRepair.plan(dir());

    assertEquals(1, plan.actions().size(), plan.actions().toString());
    assertTrue(plan.actions().get(0).startsWith("would rebuild"), plan.actions().toString());
    assertEquals(
        java.util.Arrays.hashCode(before),
        java.util.Arrays.hashCode(Files.readAllBytes(cycleFile(0))));
    assertFalse(Files.exists(dir().resolve("quarantine")));
  }

  @Test
  void verification_whileAnotherWriterAppends_neverCallsTheLiveFileDamaged() throws Exception {
    try (Spool spool = Spool.open(SpoolConfig.builder(dir()).build())) {
      java.util.concurrent.atomic.AtomicBoolean stop =
          new java.util.concurrent.atomic.AtomicBoolean();
      Thread writer =
          new Thread(
              () -> {
                for (int n = 0; !stop.get() && n < 500_000; n++) {
                  spool.append(record(n, 100 + n % 300));
                  java.util.concurrent.locks.LockSupport.parkNanos(
                      20_000); // ~50k records/s at most
                }
              });
      writer.start();
      try {
        for (int i = 0; i < 20; i++) {
          SpoolVerification v = SpoolVerification.of(dir());
          assertFalse(v.damaged(), () -> v.files().toString());
        }
      } finally {
        stop.set(true);
        writer.join();
      }
    }
  }

  private static net.openhft.chronicle.queue.RollCycle testSecondly() {
    return net.openhft.chronicle.queue.rollcycles.TestRollCycles.TEST_SECONDLY;
  }
}
