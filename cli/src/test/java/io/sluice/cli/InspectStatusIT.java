package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.internal.ops.StatusFile;
import io.sluice.testing.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice status}'s per-cycle detail and live-process state, as real processes. */
class InspectStatusIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;

  private Path spool() {
    return tmp.resolve("spool");
  }

  private Launcher sluice() {
    return new Launcher(tmp).database(postgres.database());
  }

  /**
   * Two cycle files: an hour-old one whose 8 events are all committed, and the current one with 5
   * events appended after the drain. (The drainer keeps the file holding the checkpoint.)
   */
  private void committedFileThenPendingFile() throws Exception {
    SpoolFixtures.append(spool(), SpoolFixtures.traces("kept", 8), SpoolFixtures.hoursAgo(1));
    Launcher.Result drain =
        sluice().run("drain", "--until-empty", "--timeout", "60s", "--spool", spool().toString());
    assertEquals(0, drain.exitCode(), drain::toString);
    SpoolFixtures.append(spool(), SpoolFixtures.traces("new", 5));
  }

  @Test
  void statusJson_afterPartialDrain_listsEachCycleFileWithItsCommittedState() throws Exception {
    committedFileThenPendingFile();

    Launcher.Result r = sluice().run("status", "--json", "--spool", spool().toString());

    assertEquals(0, r.exitCode(), r::toString);
    JsonNode s = r.json();
    assertEquals(2, s.get("cycle_files").asInt(), r::toString);
    JsonNode committed = s.get("cycles").get(0);
    JsonNode pending = s.get("cycles").get(1);
    assertEquals(8, committed.get("records").asLong(), r::toString);
    assertTrue(committed.get("fully_committed").asBoolean(), r::toString);
    assertEquals(0, committed.get("pending_records").asLong(), r::toString);
    assertEquals(s.get("committed_index").asLong(), committed.get("last_index").asLong());
    assertEquals(5, pending.get("records").asLong(), r::toString);
    assertFalse(pending.get("fully_committed").asBoolean(), r::toString);
    assertEquals(5, pending.get("pending_records").asLong(), r::toString);
    assertEquals(4, pending.get("last_index").asLong() - pending.get("first_index").asLong());
    assertTrue(pending.get("file").asText().endsWith(".cq4"), r::toString);
    assertTrue(pending.get("bytes").asLong() > 0, r::toString);
    assertEquals("checkpoint", s.get("committed_index_source").asText(), r::toString);
    assertEquals(5, s.get("backlog").asLong(), r::toString);
    assertEquals("UNKNOWN", s.get("drain_state").asText(), r::toString); // nothing runs now
    assertEquals(0, s.get("live_processes").size(), r::toString);
  }

  @Test
  void statusTable_afterPartialDrain_showsYesForTheCommittedFileAndPendingForTheOther()
      throws Exception {
    committedFileThenPendingFile();

    Launcher.Result r = sluice().run("status", "--spool", spool().toString());

    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.stdout().contains("CYCLE FILE"), r::toString);
    assertTrue(r.stdout().lines().anyMatch(l -> l.endsWith("  yes")), r::toString);
    assertTrue(r.stdout().lines().anyMatch(l -> l.endsWith("no, 5 pending")), r::toString);
    assertTrue(r.stdout().contains("total: 2 files"), r::toString);
  }

  @Test
  void status_whenPostgresIsUnreachable_saysEachFilesStateIsUnknownAndExits0() throws Exception {
    SpoolFixtures.append(spool(), SpoolFixtures.traces("t", 3));
    Launcher down =
        new Launcher(tmp)
            .env("SLUICE_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/nowhere")
            .env("POSTGRES_USER", "app");

    Launcher.Result r = down.run("status", "--json", "--spool", spool().toString());

    assertEquals(0, r.exitCode(), r::toString);
    JsonNode file = r.json().get("cycles").get(0);
    assertEquals(3, file.get("records").asLong(), r::toString);
    assertTrue(file.get("fully_committed").isNull(), r::toString);
    assertTrue(file.get("pending_records").isNull(), r::toString);
    assertTrue(r.json().get("committed_index_source").isNull(), r::toString);
  }

  @Test
  void status_whileALiveDrainerRuns_showsItsDrainAndBreakerStateAndBudget() throws Exception {
    SpoolFixtures.append(spool(), SpoolFixtures.traces("t", 20));
    Map<String, String> env = new java.util.HashMap<>(Background.databaseEnv(postgres.database()));
    env.put("SLUICE_MAX_SPOOL_BYTES", Long.toString(256L << 20));
    try (Background drainer = Background.start(tmp, env, "drain", "--spool", spool().toString())) {
      Path published = StatusFile.fileFor(spool(), drainer.pid());
      awaitDraining(published);

      Launcher.Result r = sluice().run("status", "--json", "--spool", spool().toString());

      assertEquals(0, r.exitCode(), r::toString);
      JsonNode s = r.json();
      assertEquals("DRAINING", s.get("drain_state").asText(), r::toString);
      assertEquals("CLOSED", s.get("breaker_state").asText(), r::toString);
      assertEquals(256L << 20, s.get("max_spool_bytes").asLong(), r::toString);
      double percent = 100.0 * s.get("used_bytes").asLong() / (256L << 20);
      assertEquals(percent, s.get("budget_used_percent").asDouble(), 0.001, r::toString);
      assertEquals(drainer.pid(), s.get("live_processes").get(0).get("pid").asLong(), r::toString);

      int exit = drainer.stop(); // 143: the JVM's code for SIGTERM, after the shutdown hook ran
      assertTrue(exit == 0 || exit == 143, drainer::stderr);
      assertTrue(drainer.stderr().contains("drain: stopped"), drainer::stderr);
      assertFalse(Files.exists(published), "the stopped drainer removes its status file");
    }
    Launcher.Result after = sluice().run("status", "--json", "--spool", spool().toString());
    assertEquals("UNKNOWN", after.json().get("drain_state").asText(), after::toString);
  }

  private static void awaitDraining(Path published) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!(Files.exists(published) && Files.readString(published).contains("\"DRAINING\""))) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("no DRAINING status in " + published + " within " + WAIT);
      }
      Thread.sleep(50);
    }
  }
}
