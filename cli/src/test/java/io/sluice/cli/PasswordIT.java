package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database password never shows in any output, even when the database refuses it. Uses its own
 * embedded PostgreSQL that checks passwords over TCP (scram-sha-256), unlike the shared test
 * server, which trusts every connection and so could not refuse a wrong one.
 */
class PasswordIT {
  private static final String RIGHT = "Right-Horse-Battery-4711";
  private static final String WRONG = "Wrong-Staple-Secret-0815";
  private static EmbeddedPostgres pg;

  @TempDir Path tmp;

  @BeforeAll
  static void startPasswordCheckingServer() throws Exception {
    pg =
        EmbeddedPostgres.builder()
            .setDataDirectoryCustomizer(dir -> writeHba(dir.toPath()))
            .start();
    try (Connection c = pg.getPostgresDatabase().getConnection(); // over the local socket: trusted
        Statement st = c.createStatement()) {
      st.execute("CREATE ROLE app LOGIN PASSWORD '" + RIGHT + "'");
    }
  }

  private static void writeHba(Path dataDirectory) {
    try {
      Files.writeString(
          dataDirectory.resolve("pg_hba.conf"),
          "local all all trust\n"
              + "host all postgres 127.0.0.1/32 trust\n"
              + "host all postgres ::1/128 trust\n"
              + "host all all 127.0.0.1/32 scram-sha-256\n"
              + "host all all ::1/128 scram-sha-256\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stop() throws IOException {
    pg.close();
  }

  private Launcher sluice(String password) {
    return new Launcher(tmp)
        .env("SLUICE_JDBC_URL", "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres")
        .env("POSTGRES_USER", "app")
        .env("POSTGRES_PASSWORD", password);
  }

  private String spool() {
    return tmp.resolve("spool").toString();
  }

  private void loadTenEvents() throws Exception {
    Launcher.Result load = new Launcher(tmp).run("load", "--events", "10", "--spool", spool());
    assertEquals(0, load.exitCode(), load::toString);
  }

  @Test
  void status_withTheRightPassword_readsTheCheckpoint() throws Exception {
    loadTenEvents();

    Launcher.Result r = sluice(RIGHT).run("status", "--json", "--spool", spool());

    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.json().get("last_error").isNull(), r::toString); // so the wrong one is refused
  }

  @Test
  void drainUntilEmpty_withAWrongPassword_failsWithoutPrintingIt() throws Exception {
    loadTenEvents();

    Launcher.Result r =
        sluice(WRONG)
            .run("drain", "--until-empty", "--timeout", "8s", "--verbose", "--spool", spool());

    assertEquals(1, r.exitCode(), r::toString);
    List<String> errors =
        r.stderrLines().stream().filter(l -> l.startsWith("sluice drain: ")).toList();
    assertEquals(1, errors.size(), r::toString);
    assertTrue(errors.get(0).contains("28P01"), r::toString); // invalid_password
    assertTrue(r.stderr().contains("\tat "), "--verbose adds the stack trace: " + r);
    assertFalse((r.stdout() + r.stderr()).contains(WRONG), r::toString);
  }

  @Test
  void status_withAWrongPasswordFromAFile_namesTheRefusalNotThePassword() throws Exception {
    loadTenEvents();
    Path secret = Files.writeString(tmp.resolve("pg-password"), WRONG + "\n");

    Launcher.Result r =
        new Launcher(tmp)
            .env("POSTGRES_USER", "app")
            .run(
                "status",
                "--verbose",
                "--spool",
                spool(),
                "--jdbc-url",
                "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres",
                "--password-file",
                secret.toString());

    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.stdout().contains("28P01"), r::toString);
    assertFalse((r.stdout() + r.stderr()).contains(WRONG), r::toString);
  }
}
