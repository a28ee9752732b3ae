package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.model.DatabaseConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * One case of each kind of {@link SeededDamage} on the spool of three cycle files, through the real
 * {@code bin/sluice} launcher: every command is a child JVM, so a crash (SIGBUS on a mapping past
 * the end of a file, which Chronicle hit on a record length of 193,973,658 bytes) or a hang shows
 * as what it is. The same assertions as {@link CorruptionSuiteIT}, plus: no JVM crash report, and
 * the drain repairs the spool itself (no writer opened it first); a writer ({@code sluice load})
 * appends afterwards and a second drain delivers its events.
 */
class CorruptionLauncherIT {
  static final long SEED = 99;
  private static final Duration LIMIT = Duration.ofSeconds(90);
  private static final AtomicInteger cases = new AtomicInteger();
  private static final AtomicInteger passed = new AtomicInteger();

  @TempDir static Path tmp;
  static BaseSpool base;

  @BeforeAll
  static void seed() throws Exception {
    base = BaseSpool.write(tmp.resolve("base"), 300, 4, 3, 2);
    CorruptionSuiteIT.prepareTemplate(tmp);
  }

  @AfterAll
  static void printCounts() {
    System.out.println(
        "corruption suite (bin/sluice, child JVMs): "
            + passed.get()
            + " of "
            + cases.get()
            + " cases passed");
  }

  /** Two cases at a time, like {@link CorruptionSuiteIT}: each has its own spool and database. */
  @TestFactory
  @Execution(ExecutionMode.CONCURRENT)
  Stream<DynamicTest> oneCaseOfEachKind() {
    List<DynamicTest> tests = new ArrayList<>();
    Random seeds = new Random(SEED);
    for (SeededDamage.Kind kind : SeededDamage.Kind.values()) {
      long seed = seeds.nextLong();
      tests.add(
          DynamicTest.dynamicTest(
              kind + " seed " + seed, () -> CorruptionSuiteIT.limited(() -> runCase(kind, seed))));
    }
    return tests.stream();
  }

  private void runCase(SeededDamage.Kind kind, long seed) throws Exception {
    cases.incrementAndGet();
    Path dir = tmp.resolve("launcher-" + kind);
    base.copyTo(dir);
    SeededDamage damage = SeededDamage.apply(kind, base, dir, new Random(seed));
    DatabaseConfig db = CorruptionSuiteIT.newDatabase();
    Launcher sluice = new Launcher(tmp).database(db);
    String spool = dir.toString();
    String name = damage.file.getFileName().toString();

    Launcher.Result verify = sluice.run(LIMIT, "verify", "--json", "--spool", spool);
    assertEquals(1, verify.exitCode(), () -> damage + ": verify exits 1\n" + verify);
    assertTrue(verify.stdout().contains(name), () -> damage + ": names " + name + "\n" + verify);
    for (String[] args :
        List.of(
            new String[] {"status", "--json"},
            new String[] {"tail", "--limit", "5"},
            new String[] {"dump", "--out", dir.resolve("dump.txt").toString()})) {
      List<String> full = new ArrayList<>(List.of(args));
      full.addAll(List.of("--spool", spool));
      Launcher.Result r = sluice.run(LIMIT, full.toArray(String[]::new));
      assertNoCrash(damage, r);
      assertTrue(r.exitCode() == 0 || r.exitCode() == 1, () -> damage + ": " + r);
      if (r.exitCode() == 1) {
        assertEquals(1, r.stderrLines().size(), () -> damage + ": one line\n" + r);
        assertTrue(
            r.stderr().contains(name) || r.stderr().contains("damaged record"),
            () -> damage + ": names the file\n" + r);
      }
    }

    Launcher.Result drain =
        sluice.run(LIMIT, "drain", "--until-empty", "--timeout", "60s", "--spool", spool);
    assertNoCrash(damage, drain);
    assertEquals(0, drain.exitCode(), () -> damage + ": drain repairs on open\n" + drain);

    Launcher.Result load = sluice.run(LIMIT, "load", "--events", "7", "--spool", spool);
    assertEquals(0, load.exitCode(), () -> damage + ": a writer appends afterwards\n" + load);
    Launcher.Result again =
        sluice.run(LIMIT, "drain", "--until-empty", "--timeout", "60s", "--spool", spool);
    assertEquals(0, again.exitCode(), () -> damage + ": second drain\n" + again);

    Launcher.Result status = sluice.run(LIMIT, "status", "--json", "--spool", spool);
    assertEquals(0, status.exitCode(), status::toString);
    JsonNode s = status.json();
    long appended = s.get("appended").asLong();
    assertEquals(base.size() + 7, appended, () -> damage + ": appended unchanged\n" + status);
    assertEquals(0, s.get("backlog").asLong(), status::toString);
    assertEquals(
        appended,
        s.get("committed").asLong()
            + s.get("dead_lettered").asLong()
            + s.get("dropped").asLong()
            + s.get("unreadable").asLong()
            + s.get("backlog").asLong(),
        () -> damage + ": accounting identity\n" + status);

    Map<String, Integer> rows = CorruptionSuiteIT.messages(db);
    int events = rows.values().stream().mapToInt(i -> i).sum();
    long committed = s.get("committed").asLong();
    assertTrue(events <= committed, () -> damage + ": trace rows within committed");
    for (Map.Entry<String, Integer> e : rows.entrySet()) {
      assertEquals(1, e.getValue(), () -> damage + ": " + e.getKey() + " delivered once");
    }
    long missing =
        base.records.stream()
            .filter(damage::intact)
            .filter(r -> !rows.containsKey("event-" + r.number()))
            .count();
    assertEquals(0, missing, () -> damage + ": intact records not delivered\n" + status);
    passed.incrementAndGet();
  }

  private static void assertNoCrash(SeededDamage damage, Launcher.Result r) {
    assertFalse(
        r.stdout().contains("A fatal error has been detected by the Java Runtime")
            || r.stderr().contains("A fatal error has been detected by the Java Runtime")
            || r.stderr().contains("InternalError")
            || r.exitCode() > 2,
        () -> damage + ": the JVM crashed\n" + r);
    assertFalse(r.stderr().contains("\tat "), () -> damage + ": stack trace\n" + r);
  }
}
