package io.sluice.testing;

import io.sluice.model.DatabaseConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.LoggerFactory;

/**
 * An embedded PostgreSQL that a test can crash and start again on the same data folder and port,
 * for outage drills. One server per instance, separate from {@link PostgresExtension}'s shared one.
 *
 * <h2>Design notes</h2>
 *
 * <ul>
 *   <li>{@link #stopImmediately()} is PostgreSQL's "immediate" shutdown: SIGQUIT to the postmaster,
 *       which quits its backends without a checkpoint, so the next start runs crash recovery. The
 *       embedded server runs with {@code synchronous_commit=off} (zonky's default), so commits
 *       acknowledged in the last few hundred milliseconds may be lost by the crash: a harsher test
 *       of exactly-once than a clean stop.
 *   <li>The zonky {@link EmbeddedPostgres} holds a file lock on its data folder for its lifetime,
 *       in this JVM; a new one on the same folder cannot start until the old one is closed. Closing
 *       it runs {@code pg_ctl stop}, which would signal whatever process now has the dead
 *       postmaster's PID: so the stale {@code postmaster.pid} is removed first (only once the
 *       postmaster and every backend are gone; PostgreSQL itself ignores a stale one), making that
 *       {@code pg_ctl stop} a harmless no-op, and its "could not stop" log line is muted.
 *   <li>Every wait is bounded: a server that does not stop or start fails the test.
 * </ul>
 *
 * Not thread-safe: one test thread drives it.
 */
public final class RestartablePostgres implements AutoCloseable {
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(90);
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);
  public static final String SUPERUSER = "postgres";

  private final Path dataDirectory;
  private final int port;
  private Path serverLog;
  private EmbeddedPostgres server;

  private RestartablePostgres(Path dataDirectory, int port) {
    this.dataDirectory = dataDirectory;
    this.port = port;
  }

  /**
   * Starts a server on a free port whose log (every line prefixed with {@code
   * sqlstate=<SQLSTATE>:}) is appended to {@code serverLog}, for drills that check what the server
   * saw: see {@link #serverLog()}.
   */
  public static RestartablePostgres startLogging(Path dataDirectory, Path serverLog) {
    RestartablePostgres pg = new RestartablePostgres(dataDirectory, freePort());
    pg.serverLog = serverLog;
    pg.startServer();
    return pg;
  }

  /** Everything the server logged so far (only with {@link #startLogging}). */
  public String serverLog() {
    try {
      return Files.readString(serverLog, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the server log " + serverLog, e);
    }
  }

  /** Starts a server on a free port, creating the data folder if it holds no cluster yet. */
  public static RestartablePostgres start(Path dataDirectory) {
    return start(dataDirectory, freePort());
  }

  /** Starts a server on {@code port}, creating the data folder if it holds no cluster yet. */
  public static RestartablePostgres start(Path dataDirectory, int port) {
    RestartablePostgres pg = new RestartablePostgres(dataDirectory, port);
    pg.startServer();
    return pg;
  }

  /** A TCP port nothing listens on right now (another process could take it; unlikely in tests). */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free TCP port", e);
    }
  }

  public int port() {
    return port;
  }

  /** The JDBC URL of {@code database} on this server (no credentials in it). */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port + "/" + database;
  }

  /** Creates an empty database {@code name} and returns how to reach it as the superuser. */
  public DatabaseConfig createDatabase(String name) throws SQLException {
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return DatabaseConfig.builder().jdbcUrl(jdbcUrl(name)).user(SUPERUSER).build();
  }

  /** A superuser connection to {@code database}; the server must be running. */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, null);
  }

  public boolean isRunning() {
    return server != null;
  }

  /**
   * Requires a password (SCRAM) for every role but the superuser, over TCP and the local socket:
   * the embedded server trusts every local connection by default. Waits until the reload is in
   * force, probing with a role that does not exist.
   */
  public void requirePasswords() throws SQLException {
    String hba =
        String.join(
            "\n",
            "local all " + SUPERUSER + " trust",
            "host  all " + SUPERUSER + " 127.0.0.1/32 trust",
            "host  all " + SUPERUSER + " ::1/128 trust",
            "local all all scram-sha-256",
            "host  all all 127.0.0.1/32 scram-sha-256",
            "host  all all ::1/128 scram-sha-256",
            "");
    try {
      Files.writeString(dataDirectory.resolve("pg_hba.conf"), hba, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write pg_hba.conf in " + dataDirectory, e);
    }
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("SELECT pg_reload_conf()");
    }
    Eventually.until(
        "pg_hba.conf to require passwords",
        Duration.ofSeconds(30),
        this::refusesUnknownRole,
        () -> "port " + port);
  }

  private boolean refusesUnknownRole() {
    try {
      DriverManager.getConnection(jdbcUrl("postgres"), "nobody_" + port, "x").close();
      return false;
    } catch (SQLException e) {
      // 28P01: password check failed (scram in force); 28000 means trust let it reach role lookup.
      return "28P01".equals(e.getSQLState());
    }
  }

  /**
   * Crashes the server as {@code pg_ctl stop -m immediate} does (SIGQUIT to the postmaster) and
   * waits until the postmaster and all its backends are gone, so a restart finds no shared memory
   * still attached.
   */
  public void stopImmediately() {
    if (server == null) {
      throw new IllegalStateException("server on port " + port + " is not running");
    }
    long pid = postmasterPid();
    List<ProcessHandle> processes = new ArrayList<>();
    ProcessHandle.of(pid)
        .ifPresent(
            p -> {
              processes.add(p);
              p.descendants().forEach(processes::add);
            });
    signal("QUIT", pid);
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    while (processes.stream().anyMatch(ProcessHandle::isAlive)) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            "PostgreSQL on port "
                + port
                + " (postmaster "
                + pid
                + ") still running "
                + STOP_WAIT
                + " after SIGQUIT");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    try {
      Files.deleteIfExists(dataDirectory.resolve("postmaster.pid"));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot remove the stale postmaster.pid in " + dataDirectory, e);
    }
    closeQuietly(server);
    server = null;
  }

  /** Starts the server again on the same folder and port; PostgreSQL runs crash recovery. */
  public void restart() {
    if (server != null) {
      throw new IllegalStateException("server on port " + port + " is already running");
    }
    startServer();
  }

  private void startServer() {
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setPort(port)
              .setPGStartupWait(STARTUP_WAIT);
      if (serverLog != null) {
        // no spaces nor shell characters: pg_ctl passes its -o line through /bin/sh
        builder
            .setServerConfig("log_line_prefix", "sqlstate=%e:")
            .setOutputRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
            .setErrorRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()));
      }
      server = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start PostgreSQL on port " + port + " with data in " + dataDirectory, e);
    }
  }

  private long postmasterPid() {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    try {
      return Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.US_ASCII).get(0).trim());
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read the postmaster's PID from " + pidFile, e);
    }
  }

  private static void signal(String signal, long pid) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        kill.destroyForcibly();
        throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kill -" + signal + " " + pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling " + pid, e);
    }
  }

  /** Releases a crashed server's lock; its {@code pg_ctl stop} fails (no PID file): mute that. */
  private static void closeQuietly(EmbeddedPostgres crashed) {
    ch.qos.logback.classic.Logger log =
        (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(EmbeddedPostgres.class);
    ch.qos.logback.classic.Level level = log.getLevel();
    log.setLevel(ch.qos.logback.classic.Level.OFF);
    try {
      crashed.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the crashed server's data folder lock", e);
    } finally {
      log.setLevel(level);
    }
  }

  /** Stops the server (fast shutdown) if it runs. Idempotent. */
  @Override
  public void close() {
    if (server != null) {
      try {
        server.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot stop PostgreSQL on port " + port, e);
      } finally {
        server = null;
      }
    }
  }

  @Override
  public String toString() {
    return "RestartablePostgres{port="
        + port
        + ", data="
        + dataDirectory
        + ", running="
        + isRunning()
        + '}';
  }
}
