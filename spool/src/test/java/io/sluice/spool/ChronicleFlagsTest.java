package io.sluice.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import net.openhft.chronicle.core.Jvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flag list comes from the parent pom; with the flags given (Surefire), nothing is missing. */
class ChronicleFlagsTest {
  @TempDir Path tmp;

  @Test
  void all_isTheParentPomsList_filteredAtBuildTime() {
    String joined = String.join(" ", ChronicleFlags.all());
    assertTrue(joined.startsWith("--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED "), joined);
    assertTrue(joined.contains("--add-opens=java.base/java.lang=ALL-UNNAMED"), joined);
    assertFalse(joined.contains("${"), joined);
  }

  @Test
  void missing_isEmpty_whenTheJvmHasTheFlags() {
    assertEquals(java.util.List.of(), ChronicleFlags.missing());
  }

  @Test
  void open_turnsChroniclesPerformanceNotesOff_unlessAskedFor() {
    try (Spool spool = Spool.open(SpoolConfig.builder(tmp.resolve("spool")).build())) {
      assertEquals("true", System.getProperty("disable.perf.info"));
      assertFalse(Jvm.isPerfEnabled(Spool.class), "Chronicle's perf notes still on");
    }
  }
}
