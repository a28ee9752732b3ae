package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the real launcher reports errors: one line on stderr, exit code 2, no stack trace. */
class ErrorsIT {
  @TempDir Path tmp;

  private static void assertOneCleanLine(Launcher.Result r) {
    assertEquals(1, r.stderrLines().size(), r::toString);
    String all = r.stdout() + r.stderr();
    assertFalse(all.contains("Exception"), r::toString);
    assertFalse(all.contains("at io."), r::toString);
    assertEquals("", r.stdout(), r::toString);
  }

  @Test
  void status_onAFileThatIsNotASpool_printsOneLineAndExits2() throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-spool.txt"), "hello");

    Launcher.Result r = new Launcher(tmp).run("status", "--spool", file.toString());

    assertEquals(2, r.exitCode(), r::toString);
    assertOneCleanLine(r);
    assertTrue(r.stderr().contains(file.toString()), r::toString);
  }

  @Test
  void drain_onAFolderHoldingOtherFiles_printsOneLineAndExits2() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("photos"));
    Files.writeString(dir.resolve("cat.jpg"), "meow");

    Launcher.Result r = new Launcher(tmp).run("drain", "--until-empty", "--spool", dir.toString());

    assertEquals(2, r.exitCode(), r::toString);
    assertOneCleanLine(r);
    assertTrue(Files.exists(dir.resolve("cat.jpg")), "the folder was left as it was");
  }

  @Test
  void load_withABadOptionValue_printsOneLineAndExits2() throws Exception {
    Launcher.Result r = new Launcher(tmp).run("load", "--events", "many");

    assertEquals(2, r.exitCode(), r::toString);
    assertOneCleanLine(r);
    assertTrue(r.stderr().contains("--events"), r::toString);
  }
}
