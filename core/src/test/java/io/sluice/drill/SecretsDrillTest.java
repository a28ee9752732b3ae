package io.sluice.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.Sluice;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceStatus;
import io.sluice.model.TraceEvent;
import io.sluice.testing.Eventually;
import io.sluice.testing.RestartablePostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database password never shows: not in {@code toString}, {@link SluiceStatus}, the drainer's
 * last error, exception messages and stack traces of a bad configuration, nor in any log line, in
 * this JVM or in a child JVM whose whole output (DEBUG logging, pgjdbc's JUL logging at FINEST) is
 * scanned.
 *
 * <p>The server requires SCRAM passwords for the drill's role (the embedded server trusts local
 * connections by default), so the right password is really used and a wrong one really fails
 * authentication (SQLSTATE 28P01).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SecretsDrillTest {
  private static final String ROLE = "drill_app";
  private static final String DATABASE = "drill_app";

  private static RestartablePostgres pg;
  private static final SecretScan scan = new SecretScan();
  private static String password;
  private static String wrongPassword;

  @TempDir Path tmp;

  @BeforeAll
  static void serverWithPasswordRole(@TempDir Path dir) throws Exception {
    pg = RestartablePostgres.start(dir.resolve("pgdata"));
    pg.requirePasswords();
    password = scan.newPassword();
    wrongPassword = scan.newPassword();
    try (Connection c = pg.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + ROLE + " WITH LOGIN PASSWORD '" + password + "'");
      s.execute("CREATE DATABASE " + DATABASE + " OWNER " + ROLE);
    }
  }

  @AfterAll
  static void stopServer() {
    if (pg != null) {
      pg.close();
    }
  }

  private DatabaseConfig.Builder database() {
    return DatabaseConfig.builder().jdbcUrl(pg.jdbcUrl(DATABASE)).user(ROLE);
  }

  private SluiceConfig config(DatabaseConfig db, String spool) {
    return SluiceConfig.builder()
        .instanceName("secrets-drill")
        .spoolDirectory(tmp.resolve(spool))
        .database(db)
        .flushInterval(Duration.ofMillis(20))
        .build();
  }

  @Test
  void inProcess_statusErrorsExceptionsAndLogs_neverShowThePassword() throws Exception {
    try (LogCapture logs = LogCapture.attachToRoot()) {
      DatabaseConfig good = database().password(password).build();
      SluiceConfig config = config(good, "spool-good");
      scan.add("SluiceConfig.toString", config.toString());
      try (Sluice sluice = Sluice.start(config)) {
        append(sluice, 100);
        assertTrue(
            sluice.awaitDrained(Duration.ofSeconds(60)),
            () -> "not drained: " + scan.mask(sluice.status()));
        scan.add("status with the right password", sluice.status().toString());
      }

      SluiceStatus refused =
          startUntilError(database().password(wrongPassword).build(), "spool-wrong");
      scan.add("status after a wrong password", refused.toString());
      assertTrue(
          refused.lastError().contains("28P01"),
          () -> "expected an authentication failure: " + scan.mask(refused));

      DatabaseConfig inUrl =
          DatabaseConfig.builder()
              .jdbcUrl(pg.jdbcUrl(DATABASE) + "?user=" + ROLE + "&password=" + wrongPassword)
              .build();
      scan.add("DatabaseConfig.toString, password in the URL", inUrl.toString());
      scan.add("status, password in the URL", startUntilError(inUrl, "spool-url").toString());

      DatabaseConfig unreachable =
          database()
              .jdbcUrl("jdbc:postgresql://no-such-host.invalid:5432/x?password=" + password)
              .password(password)
              .connectionTimeout(Duration.ofSeconds(1))
              .build();
      scan.add("status, unknown host", startUntilError(unreachable, "spool-host").toString());

      badConfigurations(good);
      scan.add("this JVM's log lines", String.join("\n", logs.lines()));
      assertTrue(
          logs.lines().stream().anyMatch(l -> l.contains("28P01")),
          "the authentication failure was not logged, so the log scan proves little");
    }
    scan.assertNoPassword();
  }

  private SluiceStatus startUntilError(DatabaseConfig db, String spool) {
    try (Sluice sluice = Sluice.start(config(db, spool))) {
      append(sluice, 10);
      Eventually.until(
          "the drainer to report an error",
          Duration.ofSeconds(60),
          () -> sluice.status().lastError() != null,
          () -> scan.mask(sluice.status()));
      return sluice.status();
    }
  }

  private void badConfigurations(DatabaseConfig good) throws Exception {
    scan.add(
        "jdbcUrl of another database",
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DatabaseConfig.builder().jdbcUrl("jdbc:mysql://localhost/x?password=" + password)));
    scan.add(
        "jdbcProperty password",
        assertThrows(
            IllegalArgumentException.class,
            () -> DatabaseConfig.builder().jdbcProperty("password", password)));
    Map<String, String> env = new HashMap<>();
    env.put("POSTGRES_PASSWORD", password);
    env.put("POSTGRES_PORT", "not-a-port");
    scan.add(
        "env with a bad port",
        assertThrows(IllegalArgumentException.class, () -> SluiceConfig.fromEnvironment(env)));
    env.remove("POSTGRES_PORT");
    env.put("SLUICE_SPOOL_DIR", tmp.resolve("spool-env").toString());
    env.put("SLUICE_BATCH_SIZE", "0");
    scan.add(
        "env with a bad batch size",
        assertThrows(IllegalArgumentException.class, () -> SluiceConfig.fromEnvironment(env)));
    Path notAFolder = Files.writeString(tmp.resolve("not-a-folder"), "x");
    scan.add(
        "spool path is a file",
        assertThrows(
            RuntimeException.class,
            () ->
                Sluice.start(
                    SluiceConfig.builder().spoolDirectory(notAFolder).database(good).build())));
  }

  @Test
  void childJvm_passwordFromEnvironmentOrSecretsFile_neverInItsOutput() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("SLUICE_JDBC_URL", pg.jdbcUrl(DATABASE));
    env.put("POSTGRES_USER", ROLE);
    env.put("POSTGRES_PASSWORD", password);
    env.put("SLUICE_SPOOL_DIR", tmp.resolve("child-spool").toString());
    String drained = runChild("drain", env, 0);
    assertTrue(drained.contains("\nDRAINED"), "the child did not drain with the right password");

    Path secretFile = tmp.resolve("password");
    Files.writeString(secretFile, wrongPassword + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));
    env.remove("POSTGRES_PASSWORD");
    env.put("POSTGRES_PASSWORD_FILE", secretFile.toString());
    env.put("SLUICE_SPOOL_DIR", tmp.resolve("child-spool-2").toString());
    String refused = runChild("refused", env, 0);
    assertTrue(
        refused.contains("\nREFUSED") && refused.contains("28P01"),
        "the child did not report the wrong password's authentication failure");

    env.put("POSTGRES_PASSWORD", password);
    env.put("SLUICE_BATCH_SIZE", "0");
    String badConfig = runChild("drain", env, 1);
    assertTrue(
        badConfig.contains("SLUICE_BATCH_SIZE"), "the child did not die of the bad batch size");
    scan.assertNoPassword();
  }

  /** Runs {@link SecretsChild} to its end at full log verbosity; returns its whole output. */
  private String runChild(String mode, Map<String, String> env, int expectedExit) throws Exception {
    Path logback = tmp.resolve("logback-debug.xml");
    Files.writeString(
        logback,
        """
        <configuration>
          <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%-5level %logger - %msg%n</pattern></encoder>
          </appender>
          <root level="DEBUG"><appender-ref ref="OUT"/></root>
        </configuration>
        """);
    Path jul = tmp.resolve("jul.properties");
    Files.writeString(
        jul,
        """
        handlers=java.util.logging.ConsoleHandler
        java.util.logging.ConsoleHandler.level=ALL
        org.postgresql.level=FINEST
        """);
    Path out = tmp.resolve("child-" + mode + "-" + scan.size() + ".log");
    try (ChildJvm child =
        ChildJvm.start(
                SecretsChild.class,
                List.of(mode),
                env,
                out,
                List.of(
                    "-Dlogback.configurationFile=" + logback,
                    "-Djava.util.logging.config.file=" + jul))
            .masking(scan::mask)) {
      int exit = child.awaitExit(Duration.ofSeconds(120));
      String output = child.output();
      scan.add("child output (" + mode + ", exit " + exit + ")", output);
      assertEquals(
          expectedExit, exit, () -> "child exit code; output ends with:\n" + child.tail(30));
      return output;
    }
  }

  private static void append(Sluice sluice, int n) {
    for (int i = 0; i < n; i++) {
      sluice.append(TraceEvent.builder().traceId("secret-" + i).eventType("secrets_drill").build());
    }
  }
}
