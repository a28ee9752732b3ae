package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.Sluice;
import io.sluice.inspect.LiveProcesses;
import io.sluice.model.SluiceConfig;
import io.sluice.model.TraceEvent;
import io.sluice.testing.Eventually;
import io.sluice.testing.PostgresExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice top --once} as a real process, beside a Sluice appending and draining. */
class TopIT {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;

  @Test
  void topOnce_besideALiveDrainer_printsRatesBacklogStateAndTheProcess() throws Exception {
    Path spool = tmp.resolve("spool");
    SluiceConfig config =
        SluiceConfig.builder()
            .instanceName("orders")
            .spoolDirectory(spool)
            .database(postgres.database())
            .flushInterval(Duration.ofMillis(20))
            .build();
    try (Sluice sluice = Sluice.start(config)) {
      AtomicBoolean stop = new AtomicBoolean();
      Thread writer =
          new Thread(
              () -> {
                for (int i = 0; !stop.get(); i++) {
                  sluice.append(TraceEvent.builder().traceId("t-" + i).eventType("step").build());
                  if (i % 100 == 99) {
                    try {
                      Thread.sleep(20);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                }
              });
      writer.start();
      try {
        Eventually.until(
            "a published status that counts committed events",
            Duration.ofSeconds(30),
            () ->
                LiveProcesses.in(spool).all().stream()
                    .anyMatch(p -> p.committed() > 0 && p.appended() > 0),
            () -> LiveProcesses.in(spool).all());

        Launcher.Result r = new Launcher(tmp).run("top", "--once", "--spool", spool.toString());

        assertEquals(0, r.exitCode(), r::toString);
        String out = r.stdout();
        System.out.println(out); // the frame, for a look in the report
        assertTrue(out.startsWith("sluice top  " + spool.toAbsolutePath()), r::toString);
        assertTrue(out.matches("(?s).*\\nappend +[0-9,]+/s .*\\(([0-9,]+) ever\\).*"), r::toString);
        assertTrue(out.matches("(?s).*\\ncommit +[0-9,]+/s .*"), r::toString);
        assertTrue(out.contains("\nbacklog "), r::toString);
        assertTrue(out.contains("health HEALTHY, drain DRAINING, breaker CLOSED"), r::toString);
        assertTrue(out.contains("\nset aside  0 dead letters, 0 dropped"), r::toString);
        assertTrue(
            out.matches("(?s).*\\nbudget +[0-9.]+ [KM]iB of 10\\.0 GiB \\([0-9.]+%\\).*"),
            r::toString);
        String row = ProcessHandle.current().pid() + " ";
        assertTrue(
            out.lines()
                .anyMatch(
                    l ->
                        l.startsWith(row)
                            && l.contains("orders")
                            && l.contains("DRAINING")
                            && l.contains("HEALTHY")),
            r::toString);
        assertFalse(out.contains("\033["), "no terminal escapes when not a terminal: " + r);
        assertTrue(r.stderr().isBlank(), r::toString);
      } finally {
        stop.set(true);
        writer.join();
      }
    }
  }

  @Test
  void topOnce_withoutALiveProcess_saysSoAndExits1() throws Exception {
    Launcher sluice = new Launcher(tmp);
    Path spool = tmp.resolve("spool");
    assertEquals(0, sluice.run("load", "--events", "10", "--spool", spool.toString()).exitCode());

    Launcher.Result r = sluice.run("top", "--once", "--spool", spool.toString());

    assertEquals(1, r.exitCode(), r::toString);
    assertTrue(r.stdout().contains("no live Sluice process on this spool"), r::toString);
  }

  @Test
  void top_onAMissingFolder_printsOneLineAndExits2() throws Exception {
    Launcher.Result r =
        new Launcher(tmp).run("top", "--once", "--spool", tmp.resolve("none").toString());

    assertEquals(2, r.exitCode(), r::toString);
    assertEquals(1, r.stderrLines().size(), r::toString);
    assertTrue(r.stderrLines().get(0).contains("Not a spool"), r::toString);
  }
}
