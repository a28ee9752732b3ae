package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.Sluice;
import io.sluice.inspect.LiveProcesses;
import io.sluice.model.SluiceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice repair} in this JVM: a dry run changes nothing and exits 1 on damage; {@code --yes}
 * repairs (verify finds the structure whole afterwards, the lost records counted); refused while a
 * live process has the spool open.
 */
class RepairIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private Path damagedSpool() throws Exception {
    BaseSpool base = BaseSpool.write(tmp.resolve("spool"), 500, 1);
    SeededDamage.apply(SeededDamage.Kind.MIDDLE, base, base.dir, new Random(4));
    return base.dir;
  }

  @Test
  void repair_dryRun_reportsWhatItWouldDoAndChangesNothing() throws Exception {
    Path spool = damagedSpool();
    Path cq4 = Files.list(spool).filter(p -> p.toString().endsWith(".cq4")).findFirst().get();
    byte[] before = Files.readAllBytes(cq4);

    CorruptionSuiteIT.Run r =
        CorruptionSuiteIT.run(Map.of(), "repair", "--spool", spool.toString());

    assertEquals(1, r.code(), r::toString);
    assertTrue(r.out().contains("dry run") && r.out().contains("would rebuild"), r::toString);
    assertTrue(r.out().contains(cq4.getFileName().toString()), r::toString);
    assertArrayEquals(before, Files.readAllBytes(cq4));
    assertFalse(Files.exists(spool.resolve("quarantine")));
  }

  @Test
  void repair_yes_rebuildsKeepingTheReadableRecordsAndVerifyFindsTheStructureWhole()
      throws Exception {
    Path spool = damagedSpool();

    CorruptionSuiteIT.Run r =
        CorruptionSuiteIT.run(Map.of(), "repair", "--yes", "--json", "--spool", spool.toString());

    assertEquals(0, r.code(), r::toString);
    JsonNode j = JSON.readTree(r.out().strip());
    assertTrue(j.get("repaired").asBoolean(), r::toString);
    long lost = j.get("records_lost").asLong();
    assertTrue(lost > 0 && lost < 50, r::toString);
    assertEquals(500 - lost, j.get("records_kept").asLong(), r::toString);
    assertTrue(Files.exists(spool.resolve("quarantine")));
    CorruptionSuiteIT.Run verify =
        CorruptionSuiteIT.run(Map.of(), "verify", "--json", "--spool", spool.toString());
    // Whole in structure now; a record cut by the damage but with its length intact may still
    // fail its checksum (the drainer sets it aside as DAMAGED), so verify may still exit 1.
    JsonNode v = JSON.readTree(verify.out().strip());
    assertFalse(v.has("structure_damaged"), verify::toString);
    assertEquals(lost, v.get("lost_earlier").asLong(), verify::toString);
    assertTrue(v.get("damaged").asLong() <= 2, verify::toString);
    CorruptionSuiteIT.Run again =
        CorruptionSuiteIT.run(Map.of(), "repair", "--spool", spool.toString());
    assertEquals(0, again.code(), again::toString);
    assertTrue(again.out().contains("nothing to repair"), again::toString);
  }

  @Test
  void repair_yes_whileALiveProcessHasTheSpool_refuses() throws Exception {
    Path spool = damagedSpool();
    SpoolFixtures.append(spool, java.util.List.of()); // a writable open repairs it
    try (Sluice live =
        Sluice.start(SluiceConfig.builder().spoolDirectory(spool).drainEnabled(false).build())) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (LiveProcesses.in(spool).all().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      CorruptionSuiteIT.Run r =
          CorruptionSuiteIT.run(Map.of(), "repair", "--yes", "--spool", spool.toString());

      assertEquals(1, r.code(), r::toString);
      assertTrue(
          r.err().contains("has it open")
              && r.err().contains(Long.toString(ProcessHandle.current().pid())),
          r::toString);
    }
  }
}
