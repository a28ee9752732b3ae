package io.sluice.bench;

import io.sluice.SluiceDatabase;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.EventKind;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The query benchmark's data set, loaded once and kept: {@code traces} trace events and {@code
 * routing} routing decisions (plus a tenth of the traces each of metrics and transformations) over
 * {@value #DAYS} UTC day partitions, in Sluice's own schema and indexes ({@link QueryDataLoader}).
 *
 * <h2>Where it is kept</h2>
 *
 * <ul>
 *   <li>Embedded PostgreSQL (default): its data folder is {@code
 *       ~/.sluice-bench/query-<traces>-<routing>} (env {@code SLUICE_BENCH_QUERY_DIR} overrides),
 *       outside {@code target/} so that {@code mvn clean} keeps it. Each run starts a server on it;
 *       delete the folder to load again.
 *   <li>{@code SLUICE_BENCH_JDBC_URL} (an admin database of a server, as for {@link
 *       BenchDatabase}): database {@code sluice_query_bench_<traces>_<routing>}, kept; drop it to
 *       load again.
 * </ul>
 *
 * A load that did not finish leaves no marker row ({@code sluice_bench.data_set}); the next open
 * drops what it finds and loads from scratch. Not thread-safe.
 */
final class QueryDataSet implements AutoCloseable {
  static final int DAYS = 10;

  private final EmbeddedPostgres embedded;
  private final String url;
  private final String user;
  private final String password;
  private Instant first;

  private QueryDataSet(EmbeddedPostgres embedded, String url, String user, String password) {
    this.embedded = embedded;
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** Starts or reaches the server and loads the data unless it is there already. */
  static QueryDataSet open(long traces, long routing) throws IOException, SQLException {
    if (traces % (10L * DAYS) != 0 || routing % DAYS != 0 || routing < DAYS) {
      throw new IllegalArgumentException(
          "traces is "
              + traces
              + ", routing is "
              + routing
              + " (expected multiples of "
              + 10 * DAYS
              + " and "
              + DAYS
              + ")");
    }
    String name = traces + "-" + routing;
    QueryDataSet set;
    String external = System.getenv("SLUICE_BENCH_JDBC_URL");
    if (external != null && !external.isBlank()) {
      String user = System.getenv().getOrDefault("SLUICE_BENCH_USER", "postgres");
      String password = System.getenv("SLUICE_BENCH_PASSWORD");
      String db = "sluice_query_bench_" + name.replace('-', '_');
      String url = external.substring(0, external.lastIndexOf('/') + 1) + db;
      set = new QueryDataSet(null, url, user, password);
      set.createDatabase(external, db);
    } else {
      set = embedded(name);
    }
    try {
      set.loadIfMissing(traces, routing);
    } catch (SQLException | RuntimeException e) {
      set.close();
      throw e;
    }
    return set;
  }

  private static QueryDataSet embedded(String name) throws IOException {
    String dir = System.getenv("SLUICE_BENCH_QUERY_DIR");
    Path data =
        dir != null && !dir.isBlank()
            ? Path.of(dir)
            : Path.of(System.getProperty("user.home"), ".sluice-bench", "query-" + name);
    Files.createDirectories(data.getParent());
    System.out.println("PostgreSQL data folder: " + data);
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setDataDirectory(data)
            .setCleanDataDirectory(false)
            .setServerConfig("shared_buffers", "1GB")
            .setServerConfig("maintenance_work_mem", "512MB")
            .setServerConfig("max_wal_size", "8GB")
            .setServerConfig("wal_level", "minimal")
            .setServerConfig("max_wal_senders", "0")
            .start();
    String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
    return new QueryDataSet(pg, url, "postgres", null);
  }

  private void createDatabase(String adminUrl, String db) throws SQLException {
    try (Connection c = DriverManager.getConnection(adminUrl, user, password);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + db + "'")) {
      if (!rs.next()) {
        st.execute("CREATE DATABASE " + db);
      }
    }
  }

  private void loadIfMissing(long traces, long routing) throws SQLException {
    try (Connection c = connect()) {
      first = loaded(c, traces, routing);
      if (first != null) {
        System.out.println(
            "Data set found: "
                + traces
                + " trace events, "
                + routing
                + " routing decisions, from "
                + first
                + " ("
                + DAYS
                + " days)");
        // A data set loaded by an older Sluice gets the newer migrations (e.g. V4's covering
        // index), and VACUUM sets the visibility map that index-only scans need.
        if (SluiceDatabase.migrate(config()) > 0) {
          try (Statement st = c.createStatement()) {
            st.execute("VACUUM (ANALYZE) " + EventKind.SCHEMA + ".performance_metrics");
            st.execute("VACUUM (ANALYZE) " + EventKind.SCHEMA + ".metric_rollups");
            st.execute("VACUUM (ANALYZE) " + EventKind.SCHEMA + ".metric_rollups_5m");
          }
        }
        return;
      }
      try (Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS " + EventKind.SCHEMA + " CASCADE");
        st.execute("DROP SCHEMA IF EXISTS sluice_bench CASCADE");
        st.execute("SET maintenance_work_mem = '512MB'");
      }
    }
    SluiceDatabase.migrate(config());
    // Whole days ending at today's midnight UTC: queries pick their ranges inside them.
    first = LocalDate.now(ZoneOffset.UTC).minusDays(DAYS).atStartOfDay(ZoneOffset.UTC).toInstant();
    long started = System.nanoTime();
    try (Connection c = connect()) {
      QueryDataLoader loader = new QueryDataLoader(c, first, DAYS);
      long[] rows = {traces, routing, traces / 10, traces / 10};
      EventKind[] kinds = {
        EventKind.TRACE, EventKind.ROUTING, EventKind.METRIC, EventKind.TRANSFORMATION
      };
      for (int i = 0; i < kinds.length; i++) {
        System.out.printf(Locale.ROOT, "Loading %,d %ss%n", rows[i], kinds[i].displayName());
        loader.load(kinds[i], rows[i]);
      }
      try (Statement st = c.createStatement()) {
        st.execute("CREATE SCHEMA sluice_bench");
        st.execute(
            "CREATE TABLE sluice_bench.data_set (traces bigint, routing bigint,"
                + " first_at timestamptz, days int, load_seconds double precision)");
      }
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO sluice_bench.data_set VALUES (?, ?, ?, ?, ?)")) {
        ps.setLong(1, traces);
        ps.setLong(2, routing);
        ps.setObject(3, first.atOffset(ZoneOffset.UTC));
        ps.setInt(4, DAYS);
        ps.setDouble(5, (System.nanoTime() - started) / 1e9);
        ps.executeUpdate();
      }
      try (Statement st = c.createStatement()) {
        st.execute("CHECKPOINT");
      }
    }
    System.out.printf(Locale.ROOT, "Loaded in %.0f s%n", (System.nanoTime() - started) / 1e9);
  }

  /** The first loaded instant, or {@code null} when this exact data set is not (fully) there. */
  private static Instant loaded(Connection c, long traces, long routing) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT to_regclass('sluice_bench.data_set') IS NOT NULL")) {
      rs.next();
      if (!rs.getBoolean(1)) {
        return null;
      }
    }
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT traces, routing, first_at, days FROM sluice_bench.data_set")) {
      if (rs.next()
          && rs.getLong(1) == traces
          && rs.getLong(2) == routing
          && rs.getInt(4) == DAYS) {
        return rs.getObject(3, java.time.OffsetDateTime.class).toInstant();
      }
      return null;
    }
  }

  /** Start of the first day of data. */
  Instant first() {
    return first;
  }

  /** End of the last day of data (exclusive). */
  Instant end() {
    return first.plusSeconds(86_400L * DAYS);
  }

  DatabaseConfig config() {
    DatabaseConfig.Builder b = DatabaseConfig.builder().jdbcUrl(url).user(user);
    if (password != null) {
      b.password(password);
    }
    return b.build();
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  private PGSimpleDataSource dataSource() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(url);
    ds.setUser(user);
    if (password != null) {
      ds.setPassword(password);
    }
    return ds;
  }

  /** Stops the embedded server; the data stays. */
  @Override
  public void close() throws IOException {
    if (embedded != null) {
      embedded.close();
    }
  }

  /**
   * Loads the data set (if missing) and exits, so a benchmark run does not have to: {@code java -cp
   * bench/target/benchmarks.jar io.sluice.bench.QueryDataSet [traces routing]}.
   */
  public static void main(String[] args) throws Exception {
    long traces = args.length > 0 ? Long.parseLong(args[0]) : QueryBenchmark.TRACES;
    long routing = args.length > 1 ? Long.parseLong(args[1]) : QueryBenchmark.ROUTING;
    try (QueryDataSet set = open(traces, routing)) {
      System.out.println("Ready: " + set.config().redactedUrl());
    }
  }
}
