package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.inspect.DeadLetters;
import io.sluice.internal.drain.DeadLetterSpool;
import io.sluice.model.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The inspector's errors for a folder it cannot read as a spool: one line on stderr naming the path
 * and what to do, exit code 2, no stack trace unless {@code --verbose}.
 */
class InspectErrorsIT {
  @TempDir Path tmp;

  private static void assertOneLineNaming(Launcher.Result r, Path path, String what) {
    assertEquals(2, r.exitCode(), r::toString);
    assertEquals(1, r.stderrLines().size(), r::toString);
    assertEquals("", r.stdout(), r::toString);
    assertTrue(r.stderr().contains(path.toString()), r::toString);
    assertTrue(r.stderr().contains(what), r::toString);
    assertFalse(r.stderr().contains("Exception"), r::toString);
  }

  private static String[] command(String name, Path spool) {
    List<String> args = new ArrayList<>(List.of(name.split(" ")));
    args.addAll(List.of("--spool", spool.toString()));
    return args.toArray(String[]::new);
  }

  @ParameterizedTest
  @ValueSource(strings = {"status", "tail", "dump", "verify", "dlq list", "dlq replay --all"})
  void everyInspectorCommand_onAMissingFolder_printsOneLineAndExits2(String name) throws Exception {
    Path missing = tmp.resolve("no-such-spool");

    Launcher.Result r = new Launcher(tmp).run(command(name, missing));

    assertOneLineNaming(r, missing, "does not exist");
  }

  @Test
  void verify_onAFolderOfOtherFiles_saysItIsNotASpool() throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    Files.writeString(photos.resolve("cat.jpg"), "meow");

    Launcher.Result r = new Launcher(tmp).run(command("verify", photos));

    assertOneLineNaming(r, photos, "has files but no spool.properties");
    assertTrue(Files.exists(photos.resolve("cat.jpg")));
  }

  @Test
  void tail_onAnEmptyFolder_saysItIsEmpty() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));

    Launcher.Result r = new Launcher(tmp).run(command("tail", empty));

    assertOneLineNaming(r, empty, "the folder is empty");
  }

  @Test
  void dump_onASpoolOfANewerFormatVersion_saysToUseANewerSluice() throws Exception {
    Path spool = tmp.resolve("spool");
    SpoolFixtures.append(spool, SpoolFixtures.traces("t", 1));
    Path properties = spool.resolve("spool.properties");
    Files.writeString(
        properties, Files.readString(properties).replace("format.version=1", "format.version=99"));

    Launcher.Result r = new Launcher(tmp).run(command("dump", spool));

    assertOneLineNaming(r, spool, "format version 99");
    assertTrue(r.stderr().contains("Use a newer Sluice"), r::toString);
  }

  @Test
  void verify_verbose_addsTheStackTrace() throws Exception {
    Path missing = tmp.resolve("no-such-spool");

    Launcher.Result r = new Launcher(tmp).run("verify", "--verbose", "--spool", missing.toString());

    assertEquals(2, r.exitCode(), r::toString);
    assertTrue(r.stderrLines().size() > 1, r::toString);
    assertTrue(r.stderr().contains("at io.sluice.cli."), r::toString);
  }

  @Test
  void dlqList_afterAnInterruptedPurge_saysWhereTheOldLettersAreAndHowToRestoreThem()
      throws Exception {
    Path spool = tmp.resolve("spool");
    SpoolFixtures.append(spool, SpoolFixtures.traces("t", 1));
    try (DeadLetterSpool letters = DeadLetterSpool.open(spool)) {
      letters.append(
          new DeadLetter(
              DeadLetter.Reason.REJECTED,
              1,
              "23514",
              "check",
              1,
              Instant.now(),
              DamagedSpoolFixture.encode(0)));
    }
    Path old = spool.resolve(DeadLetters.PURGE_OLD);
    Files.move(DeadLetterSpool.folder(spool), old); // as if the purge stopped between its renames

    Launcher.Result r = new Launcher(tmp).run(command("dlq list", spool));

    assertOneLineNaming(r, old, "was interrupted");
    assertTrue(
        r.stderr().contains("Rename dead-letters.purge-old back to dead-letters"), r::toString);
  }

  /**
   * Unreadable cycle file. Root reads everything, so the command runs without the capabilities that
   * let root bypass file permissions (setpriv drops them), as any other user would.
   */
  @Test
  void verify_onAnUnreadableCycleFile_namesTheFileAndExits2() throws Exception {
    Path setpriv = Path.of("/usr/bin/setpriv");
    assumeTrue(Files.isExecutable(setpriv), "needs setpriv to drop root's override");
    Path spool = tmp.resolve("spool");
    SpoolFixtures.append(spool, SpoolFixtures.traces("t", 1));
    Path cq4;
    try (var files = Files.list(spool)) {
      cq4 = files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
    }
    Files.setPosixFilePermissions(cq4, PosixFilePermissions.fromString("---------"));
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    ProcessBuilder pb =
        new ProcessBuilder(
                setpriv.toString(),
                "--inh-caps=-dac_override,-dac_read_search",
                "--bounding-set=-dac_override,-dac_read_search",
                Launcher.SCRIPT.toString(),
                "verify",
                "--spool",
                spool.toString())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("SLUICE_") || k.startsWith("POSTGRES_"));
    Process p = pb.start();
    assertTrue(p.waitFor(90, TimeUnit.SECONDS));

    Launcher.Result r =
        new Launcher.Result(
            List.of("verify"),
            p.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    assertOneLineNaming(r, cq4, "permission denied");
  }
}
