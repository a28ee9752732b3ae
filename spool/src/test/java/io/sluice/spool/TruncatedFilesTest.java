package io.sluice.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A truncated cycle file would crash the JVM (SIGBUS) when read; the spool deals with it on open.
 */
class TruncatedFilesTest {
  @TempDir Path tmp;

  private Path spoolWithTruncatedFile() throws Exception {
    Path dir = tmp.resolve("s");
    try (Spool spool = Spool.open(SpoolConfig.builder(dir).build())) {
      for (int i = 0; i < 1000; i++) {
        spool.append(new byte[100]);
      }
    }
    Path cycle;
    try (Stream<Path> files = Files.list(dir)) {
      cycle = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
    }
    try (FileChannel ch = FileChannel.open(cycle, StandardOpenOption.WRITE)) {
      ch.truncate(50_000);
    }
    return cycle;
  }

  @Test
  void openReadOnly_truncatedCycleFile_refusesNamingTheFile() throws Exception {
    Path cycle = spoolWithTruncatedFile();
    TruncatedCycleFileException e =
        assertThrows(
            TruncatedCycleFileException.class, () -> Spool.openReadOnly(cycle.getParent()));
    assertEquals(cycle, e.file());
    assertTrue(
        e.getMessage().contains(cycle.toString()) && e.getMessage().contains("50000"),
        e.getMessage());
  }

  @Test
  void open_strict_truncatedCycleFile_refusesAndLeavesItInPlace() throws Exception {
    Path cycle = spoolWithTruncatedFile();
    SpoolConfig strict = SpoolConfig.builder(cycle.getParent()).refuseTruncatedFiles(true).build();
    assertThrows(TruncatedCycleFileException.class, () -> Spool.open(strict));
    assertTrue(Files.exists(cycle));
  }

  @Test
  void open_default_rebuildsTheFileKeepingItsRecordCountAndKeepsWorking() throws Exception {
    Path cycle = spoolWithTruncatedFile();
    Path dir = cycle.getParent();
    try (Spool spool = Spool.open(SpoolConfig.builder(dir).build())) {
      assertTrue(Files.exists(dir.resolve("quarantine").resolve(cycle.getFileName())));
      // Cut at 50,000 bytes, before the first record: all 1,000 are unreadable, none forgotten.
      assertEquals(1000, spool.appendedCount());
      assertEquals(1000, spool.unreadableCount());
      long index = spool.append(new byte[] {42});
      try (SpoolReader reader = spool.reader()) {
        for (int i = 0; i < 1000; i++) {
          assertTrue(reader.next().unreadable());
        }
        SpoolRecord record = reader.next();
        assertEquals(index, record.index());
        assertArrayEquals(new byte[] {42}, record.payload());
        assertNull(reader.next());
      }
    }
  }
}
