package io.sluice.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.spool.SpoolConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One builder, several {@code build()} calls: each config reflects the builder at that call. */
class SluiceConfigBuilderTest {
  @TempDir Path dir;

  @Test
  void build_afterTheSpoolDirectoryChanges_usesTheNewDirectory() {
    SluiceConfig.Builder b = SluiceConfig.builder().spoolDirectory(dir.resolve("a"));
    SluiceConfig first = b.build();
    SluiceConfig second = b.spoolDirectory(dir.resolve("b")).build();

    assertEquals(dir.resolve("a"), first.spool().directory());
    assertEquals(dir.resolve("b"), second.spool().directory());
  }

  @Test
  void build_afterStrictSpoolChanges_passesItToTheSpool() {
    SluiceConfig.Builder b = SluiceConfig.builder().spoolDirectory(dir);
    SluiceConfig lenient = b.build();
    SluiceConfig strict = b.strictSpool(true).build();

    assertFalse(lenient.spool().refuseTruncatedFiles());
    assertTrue(strict.spool().refuseTruncatedFiles());
  }

  @Test
  void build_withAWholeSpoolConfig_usesItOverTheDirectory() {
    SpoolConfig spool = SpoolConfig.builder(dir.resolve("given")).build();
    SluiceConfig config =
        SluiceConfig.builder().spoolDirectory(dir.resolve("ignored")).spool(spool).build();

    assertEquals(dir.resolve("given"), config.spool().directory());
  }
}
