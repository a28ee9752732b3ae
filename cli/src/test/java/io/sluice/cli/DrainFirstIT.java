package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.Sluice;
import io.sluice.model.SluiceConfig;
import io.sluice.model.TraceEvent;
import io.sluice.testing.PostgresExtension;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice drain} started before any writer (a sidecar beside the application) creates the
 * spool instead of refusing the folder, and opens a spool with a truncated cycle file for writing
 * like any writer: the file goes to {@code quarantine/}, as the read-only commands' message says.
 */
class DrainFirstIT {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;

  @Test
  void drain_onAMissingOrEmptyFolder_createsTheSpoolAndExits0() throws Exception {
    Path missing = tmp.resolve("missing");
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    for (Path spool : new Path[] {missing, empty}) {
      Launcher.Result r =
          new Launcher(tmp)
              .database(postgres.database())
              .run("drain", "--until-empty", "--timeout", "60s", "--spool", spool.toString());

      assertEquals(0, r.exitCode(), r::toString);
      assertEquals(0, r.json().get("backlog").asLong(), r::toString);
      assertTrue(Files.isRegularFile(spool.resolve("spool.properties")), r::toString);
      assertFalse(r.stderr().contains("Not a spool"), r::toString);
    }
  }

  @Test
  void drain_spoolWithATruncatedCycleFile_quarantinesItAndDrainsTheRest() throws Exception {
    Path spool = tmp.resolve("spool");
    SluiceConfig writer = SluiceConfig.builder().spoolDirectory(spool).drainEnabled(false).build();
    try (Sluice sluice = Sluice.start(writer)) {
      sluice.append(TraceEvent.builder().traceId("t").eventType("e").build());
    }
    Path cycle;
    try (Stream<Path> files = Files.list(spool)) {
      cycle = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
    }
    try (FileChannel ch = FileChannel.open(cycle, StandardOpenOption.WRITE)) {
      ch.truncate(50_000); // a copy cut short
    }

    Launcher.Result r =
        new Launcher(tmp)
            .database(postgres.database())
            .run("drain", "--until-empty", "--timeout", "60s", "--spool", spool.toString());

    assertEquals(0, r.exitCode(), r::toString);
    // the original goes to quarantine/; the file is rebuilt in place with what could be read
    // (nothing here: the cut is before the one record, which is counted unreadable)
    assertTrue(Files.exists(spool.resolve("quarantine").resolve(cycle.getFileName())), r::toString);
    assertTrue(r.stderr().contains(cycle.toString()), r::toString);
    assertTrue(r.stderr().contains("1 unreadable"), r::toString);
  }
}
