package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice verify} as a real process, on a clean spool and on the damaged fixture. */
class VerifyIT {
  @TempDir Path tmp;

  private Path spool() {
    return tmp.resolve("spool");
  }

  @Test
  void verify_cleanSpool_reportsEveryRecordAndExits0() throws Exception {
    SpoolFixtures.append(spool(), SpoolFixtures.mixed(5));
    List<Long> indexes = SpoolFixtures.indexes(spool());

    Launcher.Result r = new Launcher(tmp).run("verify", "--json", "--spool", spool().toString());

    assertEquals(0, r.exitCode(), r::toString);
    JsonNode v = r.json();
    assertTrue(v.get("clean").asBoolean(), r::toString);
    assertEquals(20, v.get("records").asLong(), r::toString);
    JsonNode file = v.get("files").get(0);
    assertEquals(20, file.get("records").asLong(), r::toString);
    assertEquals(indexes.get(0).longValue(), file.get("first_index").asLong());
    assertEquals(indexes.get(19).longValue(), file.get("last_index").asLong());
    assertEquals(0, file.get("damaged").size(), r::toString);
  }

  @Test
  void verify_damagedFixture_namesEachDamagedRecordsIndexAndOffsetAndExits1() throws Exception {
    DamagedSpoolFixture.extract(spool());

    Launcher.Result r = new Launcher(tmp).run("verify", "--json", "--spool", spool().toString());

    assertEquals(1, r.exitCode(), r::toString);
    JsonNode file = r.json().get("files").get(0);
    assertEquals(DamagedSpoolFixture.RECORDS, file.get("records").asLong(), r::toString);
    JsonNode damaged = file.get("damaged");
    assertEquals(2, damaged.size(), r::toString);
    long first = file.get("first_index").asLong();
    assertEquals(first + DamagedSpoolFixture.CRC_DAMAGED_SEQ, damaged.get(0).get("index").asLong());
    assertTrue(damaged.get(0).get("error").asText().contains("checksum mismatch"), r::toString);
    assertEquals(first + DamagedSpoolFixture.TRUNCATED_SEQ, damaged.get(1).get("index").asLong());
    assertTrue(damaged.get(1).get("error").asText().contains("shorter than a header"), r::toString);
    // The offset points at the damaged bytes themselves in the cycle file.
    Path cq4 = spool().resolve(file.get("file").asText());
    for (int i = 0; i < 2; i++) {
      byte[] expected = DamagedSpoolFixture.records().get(DamagedSpoolFixture.CRC_DAMAGED_SEQ + i);
      assertArrayEquals(
          expected, read(cq4, damaged.get(i).get("offset").asLong(), expected.length));
    }
  }

  @Test
  void verifyTable_damagedFixture_printsTheDamageForPeople() throws Exception {
    DamagedSpoolFixture.extract(spool());

    Launcher.Result r = new Launcher(tmp).run("verify", "--spool", spool().toString());

    assertEquals(1, r.exitCode(), r::toString);
    assertTrue(r.stdout().contains("damaged: index "), r::toString);
    assertTrue(r.stdout().contains(" at byte offset "), r::toString);
    assertTrue(r.stdout().contains("2 damaged, 0 unreadable: DAMAGED"), r::toString);
  }

  @Test
  void verify_withProgressBar_drawsTheBarOnStderrAndKeepsStdoutForTheResult() throws Exception {
    SpoolFixtures.append(spool(), SpoolFixtures.traces("t", 500));

    Launcher.Result r =
        new Launcher(tmp)
            .run("verify", "--json", "--progress", "bar", "--spool", spool().toString());

    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.stderr().contains("verify"), r::toString);
    assertTrue(r.stderr().contains("100%"), r::toString);
    assertTrue(r.stderr().contains("500/500"), r::toString);
    assertTrue(r.json().get("clean").asBoolean(), r::toString);
  }

  @Test
  void verify_unknownOption_isAUsageErrorExit2() throws Exception {
    Launcher.Result r = new Launcher(tmp).run("verify", "--bogus");

    assertEquals(2, r.exitCode(), r::toString);
    assertEquals(1, r.stderrLines().size(), r::toString);
  }

  private static byte[] read(Path file, long offset, int length) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      byte[] bytes = new byte[length];
      f.seek(offset);
      f.readFully(bytes);
      return bytes;
    }
  }
}
