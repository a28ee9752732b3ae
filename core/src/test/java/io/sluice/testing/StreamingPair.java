package io.sluice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;

/**
 * A PostgreSQL primary and an asynchronous streaming standby, both from the embedded binaries, for
 * failover drills. The standby is made as {@code pg_basebackup} would (the embedded binaries have
 * none): a physical slot, then in one session {@code pg_backup_start}, a copy of the data folder
 * (without {@code postmaster.pid}, {@code postmaster.opts}, zonky's lock file and the WAL), {@code
 * pg_backup_stop} and its label written as {@code backup_label}; then {@code standby.signal} and
 * {@code primary_conninfo}. Not thread-safe: one test thread drives it.
 */
public final class StreamingPair implements AutoCloseable {
  private static final Set<String> NOT_COPIED =
      Set.of("postmaster.pid", "postmaster.opts", "epg-lock");
  private static final String SLOT = "drill_standby";

  private final RestartablePostgres primary;
  private final RestartablePostgres standby;

  private StreamingPair(RestartablePostgres primary, RestartablePostgres standby) {
    this.primary = primary;
    this.standby = standby;
  }

  /** Starts a primary in {@code dir/primary} with database {@code database}, and its standby. */
  public static StreamingPair start(Path dir, String database) throws SQLException {
    RestartablePostgres primary = RestartablePostgres.start(dir.resolve("primary"));
    try {
      try (Connection c = primary.connect("postgres");
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + database);
        s.execute("SELECT pg_create_physical_replication_slot('" + SLOT + "')");
      }
      Path copy = dir.resolve("standby");
      baseBackup(primary, dir.resolve("primary"), copy);
      append(copy.resolve("standby.signal"), "");
      append(
          copy.resolve("postgresql.auto.conf"),
          "\nprimary_conninfo = 'host=127.0.0.1 port="
              + primary.port()
              + " user=postgres application_name=drill_standby'\nprimary_slot_name = '"
              + SLOT
              + "'\n");
      Path serverLog = dir.resolve("standby.log");
      RestartablePostgres standby;
      try {
        standby = RestartablePostgres.startLogging(copy, serverLog);
      } catch (UncheckedIOException e) {
        throw new IllegalStateException(
            "the standby did not start; its log:\n" + read(serverLog), e);
      }
      StreamingPair pair = new StreamingPair(primary, standby);
      Eventually.until(
          "the standby to stream from the primary",
          Duration.ofSeconds(30),
          pair::streaming,
          () -> "primary " + primary + ", standby " + standby);
      return pair;
    } catch (RuntimeException | SQLException e) {
      primary.close();
      throw e;
    }
  }

  private static void baseBackup(RestartablePostgres primary, Path from, Path to)
      throws SQLException {
    try (Connection c = primary.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("SELECT pg_backup_start('drill', true)");
      copyDataFolder(from, to);
      try (ResultSet rs =
          s.executeQuery("SELECT labelfile, spcmapfile FROM pg_backup_stop(false)")) {
        rs.next();
        write(to.resolve("backup_label"), rs.getString(1));
        String map = rs.getString(2);
        if (map != null && !map.isEmpty()) {
          write(to.resolve("tablespace_map"), map);
        }
      }
    }
  }

  private static void copyDataFolder(Path from, Path to) {
    try {
      Files.walkFileTree(
          from,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a)
                throws IOException {
              Files.createDirectories(to.resolve(from.relativize(d).toString()));
              // the WAL comes by streaming from the slot, not by copy
              return from.relativize(d).toString().equals("pg_wal")
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
              if (!NOT_COPIED.contains(f.getFileName().toString())) {
                Files.copy(f, to.resolve(from.relativize(f).toString()));
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
              return FileVisitResult.CONTINUE; // a file the server removed meanwhile
            }
          });
      Files.createDirectories(to.resolve("pg_wal").resolve("archive_status"));
      // PostgreSQL refuses a data folder others can read
      Files.setPosixFilePermissions(
          to, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the data folder " + from + " to " + to, e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void append(Path file, String text) {
    try {
      Files.writeString(
          file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** True while the primary streams WAL to the standby. */
  public boolean streaming() {
    try (Connection c = primary.connect("postgres");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")) {
      rs.next();
      return rs.getLong(1) == 1;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Makes the standby synchronous ({@code synchronous_standby_names}) and waits until it is. */
  public void makeStandbySynchronous() throws SQLException {
    try (Connection c = primary.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("ALTER SYSTEM SET synchronous_standby_names = 'drill_standby'");
      s.execute("SELECT pg_reload_conf()");
    }
    Eventually.until(
        "the standby to be synchronous",
        Duration.ofSeconds(30),
        () -> {
          try (Connection c = primary.connect("postgres");
              Statement s = c.createStatement();
              ResultSet rs =
                  s.executeQuery(
                      "SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'")) {
            rs.next();
            return rs.getLong(1) == 1;
          } catch (SQLException e) {
            return false;
          }
        },
        this::toString);
  }

  /**
   * Cuts replication as a network partition would: the standby stops receiving (its {@code
   * primary_conninfo} emptied and reloaded); waits until the primary no longer streams to it.
   */
  public void cutReplication() throws SQLException {
    try (Connection c = standby.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("ALTER SYSTEM SET primary_conninfo = ''");
      s.execute("SELECT pg_reload_conf()");
    }
    Eventually.until(
        "replication to stop", Duration.ofSeconds(30), () -> !streaming(), () -> toString());
  }

  /** Crashes the primary ({@code pg_ctl stop -m immediate}) and promotes the standby. */
  public void failOver() throws SQLException {
    failOver(standby -> null);
  }

  /** Reads something on the standby between the primary's crash and the standby's promotion. */
  @FunctionalInterface
  public interface BeforePromotion<T> {
    T read(RestartablePostgres standby) throws SQLException;
  }

  /**
   * Crashes the primary ({@code pg_ctl stop -m immediate}), waits until the standby has replayed
   * all the WAL it received, lets {@code beforePromotion} read the standby (what the new primary
   * starts from: no client can write to it yet, so a drainer reconnecting at once cannot move it
   * first), then promotes the standby.
   */
  public <T> T failOver(BeforePromotion<T> beforePromotion) throws SQLException {
    primary.stopImmediately();
    Eventually.until(
        "the standby to replay all the WAL it received",
        Duration.ofSeconds(30),
        this::replayedAll,
        () -> toString());
    T seen = beforePromotion.read(standby);
    try (Connection c = standby.connect("postgres");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_promote(true, 60)")) {
      rs.next();
      if (!rs.getBoolean(1)) {
        throw new IllegalStateException("the standby did not promote within 60 s: " + this);
      }
    }
    return seen;
  }

  private boolean replayedAll() {
    try (Connection c = standby.connect("postgres");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT pg_last_wal_receive_lsn() IS NULL"
                    + " OR pg_last_wal_replay_lsn() >= pg_last_wal_receive_lsn()")) {
      rs.next();
      return rs.getBoolean(1);
    } catch (SQLException e) {
      return false;
    }
  }

  /** {@code jdbc:postgresql://127.0.0.1:P1,127.0.0.1:P2/db?targetServerType=primary&...}. */
  public String multiHostUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:"
        + primary.port()
        + ",127.0.0.1:"
        + standby.port()
        + "/"
        + database
        + "?targetServerType=primary&hostRecheckSeconds=1";
  }

  public RestartablePostgres primary() {
    return primary;
  }

  public RestartablePostgres standby() {
    return standby;
  }

  @Override
  public void close() {
    try {
      standby.close();
    } finally {
      if (primary.isRunning()) {
        primary.close();
      }
    }
  }

  @Override
  public String toString() {
    return "StreamingPair{primary=" + primary + ", standby=" + standby + '}';
  }
}
