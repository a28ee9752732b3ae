package io.sluice.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spool's identity is created once, whoever opens a new folder first; processes racing on one
 * folder are drilled in core's {@code ManyProcessesDrillTest}, threads of one JVM here.
 */
class SpoolIdentityTest {
  @TempDir Path tmp;

  @Test
  void open_byManyThreadsAtOnceOnANewFolder_allGetTheOneIdOnDisk() throws Exception {
    for (int round = 0; round < 5; round++) {
      Path dir = tmp.resolve("race-" + round);
      if (round % 2 == 1) {
        Files.createDirectories(dir); // an existing empty folder as well as a missing one
      }
      int threads = 8;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> ids = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        ids.add(
            pool.submit(
                () -> {
                  go.await();
                  try (Spool spool = Spool.open(SpoolConfig.builder(dir).build())) {
                    spool.append(new byte[] {1});
                    return spool.id();
                  }
                }));
      }
      go.countDown();
      Set<String> seen = new HashSet<>();
      for (Future<String> id : ids) {
        seen.add(id.get(60, TimeUnit.SECONDS));
      }
      pool.shutdown();
      assertEquals(1, seen.size(), "ids seen: " + seen);
      assertEquals(seen.iterator().next(), SpoolMetadata.read(dir).spoolId());
      try (Spool spool = Spool.openReadOnly(dir)) {
        assertEquals(threads, spool.countAfter(-1));
      }
      try (var files = Files.list(dir)) {
        assertFalse(
            files.anyMatch(f -> f.getFileName().toString().endsWith(SpoolMetadata.TMP_SUFFIX)),
            "a temporary identity file was left behind");
      }
    }
  }

  @Test
  void open_folderWithChronicleFilesButNoIdentity_namesFolderAndFixWithoutCliOptions()
      throws Exception {
    Path dir = tmp.resolve("spool");
    try (Spool spool = Spool.open(SpoolConfig.builder(dir).build())) {
      spool.append(new byte[] {1});
    }
    Files.delete(dir.resolve(SpoolMetadata.FILE_NAME));

    SpoolException e =
        assertThrows(SpoolException.class, () -> Spool.open(SpoolConfig.builder(dir).build()));

    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("Chronicle Queue files"), e.getMessage());
    assertTrue(e.getMessage().contains("Restore spool.properties"), e.getMessage());
    assertFalse(e.getMessage().contains("--spool"), e.getMessage());
  }

  @Test
  void open_staleTemporaryOfAKilledCreator_isIgnoredAndRemoved() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("spool"));
    Path stale =
        dir.resolve(SpoolMetadata.FILE_NAME + ".12345.dead-beef" + SpoolMetadata.TMP_SUFFIX);
    Files.writeString(stale, "spool.id=half-written");
    Files.writeString(dir.resolve(SpoolIdentity.LOCK_FILE), "");

    try (Spool spool = Spool.open(SpoolConfig.builder(dir).build())) {
      assertEquals(SpoolMetadata.read(dir).spoolId(), spool.id());
    }
    assertFalse(Files.exists(stale));
  }

  @Test
  void openReadOnly_emptyFolder_saysEmptyNotHasFiles() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("empty"));
    Files.writeString(dir.resolve(SpoolIdentity.LOCK_FILE), "");

    SpoolException e = assertThrows(SpoolException.class, () -> Spool.openReadOnly(dir));

    assertTrue(e.getMessage().contains("the folder is empty"), e.getMessage());
    assertFalse(e.getMessage().contains("has files"), e.getMessage());
  }
}
