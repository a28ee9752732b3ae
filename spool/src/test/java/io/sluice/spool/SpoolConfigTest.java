package io.sluice.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpoolConfigTest {
  private final SpoolConfig.Builder builder = SpoolConfig.builder(Path.of("spool"));

  private static void assertRejected(String expected, Runnable setter) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, setter::run);
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
  }

  @Test
  void build_withoutSettings_hasDocumentedDefaults() {
    SpoolConfig c = builder.build();
    assertEquals(10L << 30, c.maxSpoolBytes());
    assertEquals(512L << 20, c.minFreeDiskBytes());
    assertEquals(SpoolFullPolicy.BLOCK, c.fullPolicy());
    assertEquals(Duration.ofSeconds(5), c.blockTimeout());
    assertEquals(SyncPolicy.INTERVAL, c.syncPolicy());
    assertEquals(Duration.ofSeconds(1), c.syncInterval());
    assertEquals(0, c.syncEveryEvents());
  }

  @Test
  void setters_outOfRange_rejectNamingFieldValueAndRange() {
    assertRejected("maxSpoolBytes is 0 (expected 1048576 to", () -> builder.maxSpoolBytes(0));
    assertRejected(
        "minFreeDiskBytes is 1048576 (expected 134217728 to",
        () -> builder.minFreeDiskBytes(1L << 20));
    assertRejected(
        "blockTimeout is PT0S (expected PT0.001S to PT1H)",
        () -> builder.blockTimeout(Duration.ZERO));
    assertRejected("syncInterval is PT2H", () -> builder.syncInterval(Duration.ofHours(2)));
    assertRejected("syncEveryEvents is -1 (expected 0 to", () -> builder.syncEveryEvents(-1));
  }
}
