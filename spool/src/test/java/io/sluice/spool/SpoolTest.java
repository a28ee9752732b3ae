package io.sluice.spool;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
  @TempDir Path tmp;

  private Spool open(Path dir) {
    return Spool.open(SpoolConfig.builder(dir).build());
  }

  @Test
  void append_thenRead_returnsSameBytesInOrder() {
    try (Spool spool = open(tmp.resolve("s"))) {
      long a = spool.append("first".getBytes(UTF_8));
      long b = spool.append(new byte[] {0});
      long c = spool.append("πß🙂".getBytes(UTF_8));
      assertTrue(a < b && b < c);
      try (SpoolReader reader = spool.reader()) {
        SpoolRecord r1 = reader.next();
        assertEquals(a, r1.index());
        assertArrayEquals("first".getBytes(UTF_8), r1.payload());
        assertArrayEquals(new byte[] {0}, reader.next().payload());
        assertArrayEquals("πß🙂".getBytes(UTF_8), reader.next().payload());
        assertNull(reader.next());
      }
    }
  }

  @Test
  void reopen_keepsIdRecordsAndSeekAfterResumesAtNextRecord() {
    Path dir = tmp.resolve("s");
    String id;
    List<Long> indexes = new ArrayList<>();
    try (Spool spool = open(dir)) {
      id = spool.id();
      for (int i = 0; i < 10; i++) {
        indexes.add(spool.append(("r" + i).getBytes(UTF_8)));
      }
    }
    try (Spool spool = open(dir);
        SpoolReader reader = spool.reader().seekAfter(indexes.get(4))) {
      assertEquals(id, spool.id());
      assertEquals(5, spool.countAfter(indexes.get(4)));
      assertEquals(10, spool.countAfter(-1));
      for (int i = 5; i < 10; i++) {
        SpoolRecord r = reader.next();
        assertEquals(indexes.get(i), r.index());
        assertEquals("r" + i, new String(r.payload(), UTF_8));
      }
      assertNull(reader.next());
    }
  }

  @Test
  void seekAfter_indexNotOnDisk_throwsCorruptedNamingTheIndex() {
    try (Spool spool = open(tmp.resolve("s"))) {
      long last = spool.append(new byte[] {1});
      SpoolReader reader = spool.reader();
      SpoolCorruptedException e =
          assertThrows(SpoolCorruptedException.class, () -> reader.seekAfter(last + 5));
      assertTrue(e.getMessage().contains(Long.toString(last + 5)), e.getMessage());
      reader.close();
    }
  }

  @Test
  void append_fromManyThreads_keepsEveryRecordOnceWithIncreasingIndexes() throws Exception {
    int threads = 4;
    int perThread = 20_000;
    try (Spool spool = open(tmp.resolve("s"))) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    spool.append((thread + ":" + i).getBytes(UTF_8));
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      Set<String> seen = new HashSet<>();
      long previous = -1;
      int[] nextPerThread = new int[threads];
      try (SpoolReader reader = spool.reader()) {
        for (SpoolRecord r = reader.next(); r != null; r = reader.next()) {
          assertTrue(r.index() > previous);
          previous = r.index();
          String s = new String(r.payload(), UTF_8);
          assertTrue(seen.add(s), "duplicate " + s);
          String[] parts = s.split(":");
          int t = Integer.parseInt(parts[0]);
          assertEquals(nextPerThread[t]++, Integer.parseInt(parts[1]), "per-thread order");
        }
      }
      assertEquals(threads * perThread, seen.size());
      assertEquals(threads * perThread, spool.countAfter(-1));
    }
  }

  @Test
  void open_folderWithOtherFiles_refusesNamingThePath() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("photos"));
    Files.writeString(dir.resolve("cat.jpg"), "meow");
    SpoolException e = assertThrows(SpoolException.class, () -> open(dir));
    assertTrue(e.getMessage().contains("Not a spool: " + dir), e.getMessage());
  }

  @Test
  void open_newFolder_isOwnerOnly() throws Exception {
    Path dir = tmp.resolve("fresh");
    open(dir).close();
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
  }

  @Test
  void open_newerFormatVersion_refusesWithVersionNamed() throws Exception {
    Path dir = tmp.resolve("s");
    open(dir).close();
    Path meta = dir.resolve(SpoolMetadata.FILE_NAME);
    Files.writeString(meta, Files.readString(meta).replace("format.version=1", "format.version=9"));
    SpoolCorruptedException e = assertThrows(SpoolCorruptedException.class, () -> open(dir));
    assertTrue(e.getMessage().contains("format version 9"), e.getMessage());
  }

  @Test
  void openReadOnly_seesRecordsButRefusesAppend() {
    Path dir = tmp.resolve("s");
    try (Spool writer = open(dir)) {
      writer.append(new byte[] {7});
      try (Spool ro = Spool.openReadOnly(dir);
          SpoolReader reader = ro.reader()) {
        assertArrayEquals(new byte[] {7}, reader.next().payload());
        assertThrows(SpoolException.class, () -> ro.append(new byte[] {1}));
      }
    }
  }

  @Test
  void append_emptyRecord_isRefused() {
    try (Spool spool = open(tmp.resolve("s"))) {
      assertThrows(IllegalArgumentException.class, () -> spool.append(new byte[0]));
      assertEquals(-1, spool.lastIndex());
    }
  }

  @Test
  void append_afterClose_throwsClosed() {
    Spool spool = open(tmp.resolve("s"));
    spool.close();
    assertThrows(SpoolClosedException.class, () -> spool.append(new byte[] {1}));
  }

  @Test
  void cycles_reportRecordsAndBytes() {
    try (Spool spool = open(tmp.resolve("s"))) {
      for (int i = 0; i < 100; i++) {
        spool.append(new byte[100]);
      }
      List<SpoolCycle> cycles = spool.cycles();
      assertEquals(1, cycles.size());
      assertEquals(100, cycles.get(0).records());
      assertTrue(cycles.get(0).bytes() >= 100 * 100, "bytes " + cycles.get(0).bytes());
      assertEquals(spool.lastIndex(), cycles.get(0).lastIndex());
    }
  }

  @Test
  void chronicleAnalytics_isNotOnTheClassPath() {
    assertThrows(
        ClassNotFoundException.class,
        () -> Class.forName("net.openhft.chronicle.analytics.Analytics"));
    assertEquals("true", System.getProperty("chronicle.analytics.disable"));
  }
}
