package io.sluice.internal.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.Sluice;
import io.sluice.model.SluiceConfig;
import io.sluice.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status file a running Sluice publishes for other processes, on real files. */
class StatusFileTest {
  private static final Duration MAX_AGE = StatusPublisher.MAX_AGE;

  @TempDir Path tmp;

  private static StatusFile.Snapshot snapshot(long pid, Instant at) {
    return new StatusFile.Snapshot(
        pid,
        "sluice",
        at,
        "RETRYING",
        "OPEN",
        "SQLSTATE 08001 refused",
        41,
        42,
        7,
        1234,
        1 << 30,
        1 << 28,
        49,
        OutsideHealthTest.liveHealth(at));
  }

  @Test
  void write_thenReadAll_returnsEveryField() throws Exception {
    long pid = ProcessHandle.current().pid();
    StatusFile.Snapshot written = snapshot(pid, Instant.parse("2026-11-27T08:00:00.123Z"));

    StatusFile.write(tmp, written);

    assertEquals(List.of(written), StatusFile.readAll(tmp));
    assertFalse(Files.exists(tmp.resolve("status-" + pid + ".json.tmp")), "temp file renamed");
  }

  @Test
  void write_fileHoldsFormatThenTheSnapshotFieldsInOrder() throws Exception {
    StatusFile.Snapshot written = snapshot(ProcessHandle.current().pid(), Instant.now());

    StatusFile.write(tmp, written);

    JsonNode file = new ObjectMapper().readTree(StatusFile.fileFor(tmp, written.pid()).toFile());
    List<String> keys = new ArrayList<>();
    file.fieldNames().forEachRemaining(keys::add);
    List<String> expected = new ArrayList<>(List.of("format"));
    expected.addAll(written.fields().keySet());
    assertEquals(expected, keys);
    assertEquals(15, keys.size(), "format and the fourteen fields of the table");
  }

  @Test
  void isLive_freshFileOfThisProcess_isTrue_staleOrDeadProcess_isFalse() throws Exception {
    Instant now = Instant.now();
    Process exited = new ProcessBuilder("true").start();
    assertTrue(exited.waitFor(10, TimeUnit.SECONDS));

    assertTrue(snapshot(ProcessHandle.current().pid(), now).isLive(now, MAX_AGE));
    assertFalse(snapshot(ProcessHandle.current().pid(), now.minusSeconds(11)).isLive(now, MAX_AGE));
    assertFalse(snapshot(exited.pid(), now).isLive(now, MAX_AGE));
  }

  @Test
  void readAll_skipsFilesThatDoNotParseOrHaveAnUnknownFormat() throws Exception {
    Files.writeString(tmp.resolve("status-1.json"), "{not json");
    Files.writeString(tmp.resolve("status-2.json"), "{\"format\":99,\"pid\":2}");

    assertEquals(List.of(), StatusFile.readAll(tmp));
  }

  @Test
  void runningSluice_publishesItsStateAndBudget_andDeletesTheFileOnClose() throws Exception {
    Path spool = tmp.resolve("spool");
    SluiceConfig config =
        SluiceConfig.builder()
            .drainEnabled(false)
            .spool(io.sluice.spool.SpoolConfig.builder(spool).maxSpoolBytes(512L << 20).build())
            .build();
    Path file = StatusFile.fileFor(spool, ProcessHandle.current().pid());
    try (Sluice sluice = Sluice.start(config)) {
      Eventually.until(
          "the status file", Duration.ofSeconds(10), () -> Files.exists(file), () -> "");
      StatusFile.Snapshot s = StatusFile.readAll(spool).get(0);
      assertEquals("DISABLED", s.drainState());
      assertEquals(512L << 20, s.maxSpoolBytes());
      assertFalse(s.drains());
      assertTrue(s.isLive(Instant.now(), MAX_AGE));
    }
    assertFalse(Files.exists(file), "closed: no longer published");
  }
}
