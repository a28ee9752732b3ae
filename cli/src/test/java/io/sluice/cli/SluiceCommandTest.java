package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.cli.common.DurationConverter;
import io.sluice.cli.common.SpoolOption;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/** Option parsing and usage errors, in process: nothing here reaches a spool or a database. */
class SluiceCommandTest {
  private static final String SECRET = "hunter2-Tr0ub4dor";

  private record Run(int exitCode, String out, String err) {
    long errLines() {
      return err.lines().filter(l -> !l.isBlank()).count();
    }
  }

  private static Run run(Map<String, String> env, String... args) {
    CommandLine cmd = Main.commandLine(env);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static Run run(String... args) {
    return run(Map.of(), args);
  }

  @Test
  void help_listsEverySubcommandWithExamples() {
    Run r = run("--help");

    assertEquals(0, r.exitCode());
    for (String sub : new String[] {"demo", "load", "drain", "status"}) {
      assertTrue(r.out().contains("  " + sub + " "), sub + " missing from:\n" + r.out());
    }
    assertTrue(r.out().contains("Examples:"), r.out());
  }

  @Test
  void passwordOption_isRefusedWithoutEchoingTheValue() {
    Run r = run("status", "--password", SECRET);

    assertEquals(2, r.exitCode());
    assertEquals(1, r.errLines(), r.err());
    assertTrue(r.err().contains("POSTGRES_PASSWORD"), r.err());
    assertFalse((r.out() + r.err()).contains(SECRET), r.err());
  }

  @Test
  void jdbcUrlWithAPassword_isRefusedWithoutEchoingIt() {
    Run r = run("drain", "--jdbc-url", "jdbc:postgresql://db/app?user=a&password=" + SECRET);

    assertEquals(2, r.exitCode());
    assertEquals(1, r.errLines(), r.err());
    assertFalse((r.out() + r.err()).contains(SECRET), r.err());
  }

  @Test
  void load_withZeroEvents_isAUsageError() {
    Run r = run("load", "--events", "0");

    assertEquals(2, r.exitCode());
    assertEquals(1, r.errLines(), r.err());
    assertTrue(r.err().startsWith("sluice load: --events is 0 (expected at least 1)"), r.err());
  }

  @Test
  void drain_timeoutWithoutUntilEmpty_isAUsageError() {
    Run r = run("drain", "--timeout", "5s");

    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--until-empty"), r.err());
  }

  @Test
  void badDatabaseEnvironment_isAConfigurationError() {
    Run r = run(Map.of("POSTGRES_PORT", "not-a-port"), "status", "--spool", "/nonexistent");

    assertEquals(2, r.exitCode());
    assertEquals(1, r.errLines(), r.err());
    assertTrue(r.err().contains("POSTGRES_PORT"), r.err());
  }

  @Test
  void durationConverter_readsUnitsAndIso8601_andRefusesBareNumbers() {
    DurationConverter c = new DurationConverter();

    assertEquals(Duration.ofMillis(500), c.convert("500ms"));
    assertEquals(Duration.ofSeconds(30), c.convert("30s"));
    assertEquals(Duration.ofMinutes(10), c.convert("10m"));
    assertEquals(Duration.ofMinutes(90), c.convert("PT1H30M"));
    TypeConversionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            TypeConversionException.class, () -> c.convert("30"));
    assertTrue(e.getMessage().contains("30s"), e.getMessage());
  }

  @Test
  void spoolOption_defaultsToTheEnvironmentThenToDotSluice() {
    SpoolOption option = new SpoolOption();

    assertEquals(
        Path.of("/var/spool/x"), option.resolve(Map.of("SLUICE_SPOOL_DIR", "/var/spool/x")));
    assertEquals(
        Path.of(".sluice", "spool").toAbsolutePath().normalize(), option.resolve(Map.of()));
    option.spool = Path.of("/opt/s");
    assertEquals(Path.of("/opt/s"), option.resolve(Map.of("SLUICE_SPOOL_DIR", "/var/spool/x")));
  }
}
