package io.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.model.DatabaseConfig;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceStatus;
import io.sluice.model.TraceEvent;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SluiceConfig} and {@link DatabaseConfig}: builders refuse bad values naming field, value
 * and range; environment variables map to every knob and a bad one is named; the password never
 * shows, not even when a real server refuses it ({@link PasswordAuth}).
 */
class ConfigTest {
  private static final String PASSWORD = "hunter2";

  @TempDir Path tmp;

  static Stream<Arguments> outOfRange() {
    return Stream.of(
        rejected(() -> spool().maxBatchEvents(0), "maxBatchEvents", "0", "1", "1000000"),
        rejected(() -> spool().maxBatchEvents(1_000_001), "maxBatchEvents", "1000001", "1000000"),
        rejected(
            () -> spool().flushInterval(Duration.ZERO),
            "flushInterval",
            "PT0S",
            "PT0.001S",
            "PT10M"),
        rejected(
            () -> spool().flushInterval(Duration.ofMillis(-5)), "flushInterval", "-0.005", "PT10M"),
        rejected(() -> spool().flushInterval(null), "flushInterval", "null"),
        rejected(() -> spool().maxEventBytes(1023), "maxEventBytes", "1023", "1024"),
        rejected(() -> spool().drainLanes(0), "drainLanes", "0", "1", "4"),
        rejected(() -> spool().drainLanes(5), "drainLanes", "5", "4"),
        rejected(() -> spool().partitionDaysAhead(-1), "partitionDaysAhead", "-1", "365"),
        rejected(() -> spool().instanceName("bad name"), "instanceName", "bad name", "64"),
        rejected(() -> spool().instanceName(""), "instanceName", "64"),
        rejected(() -> db().poolMaxSize(1), "poolMaxSize", "1", "2", "100"),
        rejected(() -> db().poolMinSize(-1), "poolMinSize", "-1", "100"),
        rejected(() -> db().poolMinSize(5).poolMaxSize(4).build(), "poolMinSize", "5", "4"),
        rejected(() -> db().port(70_000), "port", "70000", "1", "65535"),
        rejected(() -> db().port(0), "port", "0", "65535"),
        rejected(
            () -> db().connectionMaxAge(Duration.ofSeconds(1)),
            "connectionMaxAge",
            "PT1S",
            "PT30S",
            "PT24H"),
        rejected(() -> db().maxQueriesPerConnection(-1), "maxQueriesPerConnection", "-1"),
        rejected(
            () -> db().connectionTimeout(Duration.ofMillis(10)), "connectionTimeout", "PT0.01S"),
        rejected(() -> db().host("a/b"), "host", "a/b"),
        rejected(() -> db().user(" "), "user"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("outOfRange")
  void builder_valueOutOfRange_refusedNamingFieldValueAndRange(
      Executable set, String field, String[] parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, set);
    assertTrue(e.getMessage().startsWith(field + " is"), e.getMessage());
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), () -> "'" + part + "' not in: " + e.getMessage());
    }
  }

  @Test
  void builder_noSpoolDirectory_refusedNamingFieldAndEnvVariable() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SluiceConfig.builder().build());
    assertTrue(e.getMessage().contains("spoolDirectory"), e.getMessage());
    assertTrue(e.getMessage().contains("SLUICE_SPOOL_DIR"), e.getMessage());
  }

  @Test
  void fromEnvironment_everyPostgresVariable_mapsToItsKnob() throws Exception {
    Path secret = tmp.resolve("secret");
    Files.writeString(secret, "from-file\n");
    Map<String, String> env = new HashMap<>();
    env.put("POSTGRES_HOST", "db.example");
    env.put("POSTGRES_PORT", "6543");
    env.put("POSTGRES_DATABASE", "obs");
    env.put("POSTGRES_USER", "app");
    env.put("POSTGRES_PASSWORD", PASSWORD);
    env.put("POSTGRES_POOL_MIN_SIZE", "3");
    env.put("POSTGRES_POOL_MAX_SIZE", "9");
    env.put("POSTGRES_MAX_QUERIES_PER_CONNECTION", "500");
    env.put("POSTGRES_CONNECTION_MAX_AGE", "600");
    DatabaseConfig db = DatabaseConfig.fromEnvironment(env).build();
    assertEquals("jdbc:postgresql://db.example:6543/obs", db.jdbcUrl());
    assertEquals("app", db.user());
    assertEquals(PASSWORD, db.password());
    assertEquals(3, db.poolMinSize());
    assertEquals(9, db.poolMaxSize());
    assertEquals(500, db.maxQueriesPerConnection());
    assertEquals(Duration.ofSeconds(600), db.connectionMaxAge());
    assertTrue(DatabaseConfig.isConfiguredIn(env));

    env.remove("POSTGRES_PASSWORD");
    env.put("POSTGRES_PASSWORD_FILE", secret.toString());
    assertEquals(
        "from-file", DatabaseConfig.fromEnvironment(env).build().password(), "file, stripped");

    env.put("SLUICE_JDBC_URL", "jdbc:postgresql://other:7777/elsewhere?sslmode=require");
    assertEquals(
        "jdbc:postgresql://other:7777/elsewhere?sslmode=require",
        DatabaseConfig.fromEnvironment(env).build().jdbcUrl(),
        "SLUICE_JDBC_URL wins over host, port and database");
  }

  @Test
  void fromEnvironment_empty_givesDefaultsAndIsNotConfigured() {
    DatabaseConfig db = DatabaseConfig.fromEnvironment(Map.of()).build();
    assertEquals("jdbc:postgresql://localhost:5432/postgres", db.jdbcUrl());
    assertEquals(DatabaseConfig.DEFAULT_USER, db.user());
    assertFalse(DatabaseConfig.isConfiguredIn(Map.of("POSTGRES_USER", "app")));
  }

  @Test
  void fromEnvironment_everySluiceVariable_mapsToItsKnob() {
    Map<String, String> env =
        Map.of(
            "SLUICE_SPOOL_DIR", tmp.resolve("spool").toString(),
            "SLUICE_BATCH_SIZE", "2500",
            "SLUICE_FLUSH_INTERVAL_MS", "75",
            "SLUICE_DRAIN_LANES", "3",
            "SLUICE_JDBC_URL", "jdbc:postgresql://h:1234/d",
            "POSTGRES_USER", "app");
    SluiceConfig config = SluiceConfig.fromEnvironment(env).build();
    assertEquals(tmp.resolve("spool"), config.spoolDirectory());
    assertEquals(2500, config.maxBatchEvents());
    assertEquals(Duration.ofMillis(75), config.flushInterval());
    assertEquals(3, config.drainLanes());
    assertEquals("jdbc:postgresql://h:1234/d", config.database().jdbcUrl());
    assertEquals("app", config.database().user());
  }

  @Test
  void drainLanes_byDefault_fourOrPoolMaxSizeLessOne_asSet_whenSet() {
    assertEquals(4, SluiceConfig.DEFAULT_DRAIN_LANES);
    assertEquals(6, DatabaseConfig.DEFAULT_POOL_MAX_SIZE);
    assertEquals(4, spool().build().drainLanes(), "default pool: one lane per kind");
    assertEquals(3, spool().database(db().poolMaxSize(4).build()).build().drainLanes());
    assertEquals(1, spool().database(db().poolMaxSize(2).build()).build().drainLanes());
    assertEquals(
        4,
        spool().database(db().poolMaxSize(50).build()).build().drainLanes(),
        "never more than one per kind");
    assertEquals(
        2, spool().database(db().poolMaxSize(2).build()).drainLanes(2).build().drainLanes());
  }

  /**
   * Unparseable values name the variable. BUG (see report): values that parse but are out of range
   * are refused with the builder's field name (e.g. "port is 70000"), never the variable the user
   * set; the cases marked "range" and "invalid" fail for that reason.
   */
  @ParameterizedTest(name = "{0}={1} ({2})")
  @CsvSource({
    "POSTGRES_PORT, abc, parse",
    "POSTGRES_PORT, 99999999999, parse",
    "POSTGRES_POOL_MIN_SIZE, two, parse",
    "POSTGRES_POOL_MAX_SIZE, 4.5, parse",
    "POSTGRES_MAX_QUERIES_PER_CONNECTION, lots, parse",
    "POSTGRES_CONNECTION_MAX_AGE, 30s, parse",
    "SLUICE_BATCH_SIZE, ten, parse",
    "SLUICE_FLUSH_INTERVAL_MS, 0.5, parse",
    "SLUICE_DRAIN_LANES, all, parse",
    "SLUICE_DRAIN_LANES, 9, range",
    "POSTGRES_PASSWORD_FILE, /nonexistent/secret, unreadable",
    "POSTGRES_PORT, 70000, range",
    "POSTGRES_POOL_MAX_SIZE, 1, range",
    "POSTGRES_POOL_MIN_SIZE, -1, range",
    "POSTGRES_CONNECTION_MAX_AGE, 1, range",
    "POSTGRES_MAX_QUERIES_PER_CONNECTION, -1, range",
    "SLUICE_BATCH_SIZE, 0, range",
    "SLUICE_FLUSH_INTERVAL_MS, 0, range",
    "POSTGRES_HOST, a/b, invalid",
    "SLUICE_JDBC_URL, jdbc:mysql://h/d, invalid",
  })
  void fromEnvironment_badValue_refusedNamingTheVariable(
      String variable, String value, String why) {
    Map<String, String> env =
        Map.of(variable, value, "SLUICE_SPOOL_DIR", tmp.resolve("spool").toString());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> SluiceConfig.fromEnvironment(env).build());
    assertTrue(
        e.getMessage().contains(variable), () -> variable + " not named in: " + e.getMessage());
    assertTrue(e.getMessage().contains(value), () -> value + " not shown in: " + e.getMessage());
  }

  @Test
  void toStringAndRedactedUrl_passwordInUrlOrBuilder_neverShowPassword() {
    String url = "jdbc:postgresql://db:5432/app?user=app&password=" + PASSWORD + "&sslmode=require";
    DatabaseConfig db = db().jdbcUrl(url).password(PASSWORD).build();
    SluiceConfig config = spool().database(db).build();
    for (String shown : new String[] {db.toString(), db.redactedUrl(), config.toString()}) {
      assertFalse(shown.contains(PASSWORD), shown);
    }
    assertTrue(db.redactedUrl().contains("sslmode=require"), db.redactedUrl());
    assertTrue(db.redactedUrl().startsWith("jdbc:postgresql://db:5432/app?"), db.redactedUrl());
    assertFalse(
        DatabaseConfig.redact("jdbc:postgresql://db/app?PASSWORD=" + PASSWORD).contains(PASSWORD));
    assertFalse(
        DatabaseConfig.redact("jdbc:postgresql://db/app?sslpassword=" + PASSWORD)
            .contains(PASSWORD));
  }

  @Test
  void jdbcUrl_notPostgres_refusedWithoutShowingPassword() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> db().jdbcUrl("jdbc:mysql://db/app?password=" + PASSWORD));
    assertTrue(e.getMessage().contains("jdbcUrl"), e.getMessage());
    assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
  }

  @Test
  void jdbcProperty_passwordOrUser_refused() {
    assertThrows(IllegalArgumentException.class, () -> db().jdbcProperty("password", PASSWORD));
    assertThrows(IllegalArgumentException.class, () -> db().jdbcProperty("User", "app"));
  }

  /**
   * Against a server of its own that checks passwords (the shared test server trusts every
   * connection, so a wrong password would pass there): a role with a password, a database it owns.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class PasswordAuth {
    private static final String ROLE = "sluice_app";
    private static final String ROLE_PASSWORD = "pw-From-File-7Qx";
    private static final String WRONG_PASSWORD = "wrong-Zq9-hunter2";
    private EmbeddedPostgres server;
    @TempDir Path dir;

    @BeforeAll
    void startServer() throws Exception {
      server =
          EmbeddedPostgres.builder()
              .setDataDirectoryCustomizer(PasswordAuth::requirePasswords)
              .start();
      try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", null);
          Statement st = c.createStatement()) {
        st.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + ROLE_PASSWORD + "'");
        st.execute("CREATE DATABASE sluice_pw OWNER " + ROLE);
      }
    }

    @AfterAll
    void stopServer() throws Exception {
      if (server != null) {
        server.close();
      }
    }

    /** Only the superuser is trusted; every other role must give its password over TCP. */
    private static void requirePasswords(File dataDirectory) {
      String hba =
          "local all all trust\n"
              + "host all postgres 127.0.0.1/32 trust\n"
              + "host all postgres ::1/128 trust\n"
              + "host all all 127.0.0.1/32 scram-sha-256\n"
              + "host all all ::1/128 scram-sha-256\n";
      try {
        Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), hba);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private String url(String database) {
      return "jdbc:postgresql://localhost:" + server.getPort() + "/" + database;
    }

    private Map<String, String> env(String spool) {
      Map<String, String> env = new HashMap<>();
      env.put("POSTGRES_HOST", "localhost");
      env.put("POSTGRES_PORT", Integer.toString(server.getPort()));
      env.put("POSTGRES_DATABASE", "sluice_pw");
      env.put("POSTGRES_USER", ROLE);
      env.put("SLUICE_SPOOL_DIR", dir.resolve(spool).toString());
      env.put("SLUICE_FLUSH_INTERVAL_MS", "10");
      return env;
    }

    @Test
    void passwordFile_reachesThePool_rowsLand() throws Exception {
      Path secret = dir.resolve("pg-password");
      Files.writeString(secret, ROLE_PASSWORD + "\n");
      Map<String, String> env = env("spool-file");
      env.put("POSTGRES_PASSWORD_FILE", secret.toString());
      SluiceConfig config = SluiceConfig.fromEnvironment(env).build();
      assertFalse(config.toString().contains(ROLE_PASSWORD), config.toString());
      try (Sluice sluice = Sluice.start(config)) {
        for (int i = 0; i < 10; i++) {
          sluice.append(TraceEvent.builder().traceId("t" + i).eventType("e").build());
        }
        assertTrue(
            sluice.awaitDrained(Duration.ofSeconds(60)), () -> "not drained: " + sluice.status());
      }
      try (Connection c = DriverManager.getConnection(url("sluice_pw"), "postgres", null);
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM agent_observability.trace_events")) {
        assertTrue(rs.next());
        assertEquals(10, rs.getLong(1));
      }
    }

    @Test
    void wrongPassword_lastErrorSaysWhyWithoutThePassword() {
      Map<String, String> env = env("spool-wrong");
      env.put("POSTGRES_PASSWORD", WRONG_PASSWORD);
      DatabaseConfig db =
          DatabaseConfig.fromEnvironment(env).connectionTimeout(Duration.ofMillis(500)).build();
      SluiceConfig config = SluiceConfig.fromEnvironment(env).database(db).build();
      String lastError;
      try (Sluice sluice = Sluice.start(config)) {
        sluice.append(TraceEvent.builder().traceId("t").eventType("e").build());
        lastError = awaitLastError(sluice);
        assertTrue(sluice.status().committed() <= 0, "nothing can have committed");
      }
      assertFalse(lastError.contains(WRONG_PASSWORD), lastError);
      assertTrue(
          lastError.contains("28P01"), () -> "names the SQLSTATE of a bad password: " + lastError);

      SluiceStatus outside = Sluice.inspect(dir.resolve("spool-wrong"), db, Clock.systemUTC());
      assertTrue(
          outside.lastError() != null && !outside.lastError().contains(WRONG_PASSWORD),
          outside::toString);
      assertTrue(outside.lastError().contains("28P01"), outside::toString);
    }

    private String awaitLastError(Sluice sluice) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() - deadline < 0) {
        String error = sluice.status().lastError();
        if (error != null) {
          return error;
        }
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
      throw new AssertionError("no lastError within 60 s: " + sluice.status());
    }
  }

  private static Arguments rejected(Executable set, String field, String... parts) {
    return Arguments.of(set, field, parts);
  }

  private static SluiceConfig.Builder spool() {
    return SluiceConfig.builder().spoolDirectory(Path.of("unused"));
  }

  private static DatabaseConfig.Builder db() {
    return DatabaseConfig.builder();
  }
}
