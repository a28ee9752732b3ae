package io.sluice.internal.db;

import io.sluice.model.EventKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.Context;

/**
 * V7: the per-minute metric rollups ({@link MetricRollups}) and their backfill from the metric rows
 * already stored, so the aggregate query is right on a database that had metrics before: the
 * drainer adds to the rollups with every metric row it commits from here on, and this fills them
 * for every row committed before, in the same transaction as the table.
 *
 * <p>A Java migration because the backfill computes the DDSketch of each minute, which SQL cannot.
 * It reads every stored metric row once, one day partition at a time (about 1 s per 100,000 rows on
 * the benchmark machine). Every process draining into the database must run this version or later:
 * an older one would commit metric rows without their rollups.
 */
public final class MetricRollupsMigration extends SchemaJavaMigration {
  static final String DDL = ddl(RollupTier.MINUTE);

  /** The table of {@code tier}: the same columns and key at every width. */
  static String ddl(RollupTier tier) {
    return "CREATE TABLE "
        + Schema.NAME
        + "."
        + tier.table()
        + " ("
        + " metric_name text NOT NULL,"
        + " minute timestamptz NOT NULL,"
        + " component_key text NOT NULL,"
        + " n bigint NOT NULL,"
        + " total double precision NOT NULL,"
        + " min_value double precision NOT NULL,"
        + " max_value double precision NOT NULL,"
        + " sketch bytea NOT NULL,"
        + (tier.storesPercentiles()
            ? " p50 double precision NOT NULL, p95 double precision NOT NULL,"
            : "")
        // component_key before minute: a query's minutes are one contiguous index range
        + " PRIMARY KEY (metric_name, component_key, minute)"
        + ") PARTITION BY RANGE (minute)";
  }

  /** Rows added to the rollups in memory before they are written (bounds the memory). */
  private static final int FLUSH_KEYS = 4_096;

  public MetricRollupsMigration() {
    super(7, "metric rollups");
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    try (Statement st = c.createStatement()) {
      st.execute(DDL);
    }
    for (LocalDate day : metricDays(c)) {
      backfill(c, day, RollupTier.MINUTE);
    }
  }

  /**
   * Creates the rollups' partitions of {@code day} (every tier) if needed and adds every metric row
   * of that day to them, in the caller's transaction. For a day whose rows have no rollups yet (a
   * benchmark's data set loaded around the drainer, tests).
   */
  public static long backfill(Connection c, LocalDate day) throws SQLException {
    return backfill(c, day, RollupTier.values());
  }

  /** {@link #backfill(Connection, LocalDate)} of {@code tiers} only (a migration's own table). */
  static long backfill(Connection c, LocalDate day, RollupTier... tiers) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (RollupTier tier : tiers) {
        st.execute(Partitions.createRollupSql(tier, day));
      }
    }
    MetricRollups rollups = new MetricRollups(tiers);
    long rows = 0;
    String sql =
        "SELECT metric_name, component, (extract(epoch FROM recorded_at) * 1000)::bigint,"
            + " metric_value FROM "
            + Schema.NAME
            + "."
            + EventKind.METRIC.partitionName(day)
            + " ORDER BY metric_name, recorded_at";
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false); // a cursor, not the whole day in memory
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setFetchSize(10_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rollups.add(rs.getLong(3), rs.getString(1), rs.getString(2), rs.getDouble(4));
          rows++;
          if (rollups.size() >= FLUSH_KEYS) {
            rollups.write(c);
          }
        }
      }
      rollups.write(c);
      if (autoCommit) {
        c.commit();
      }
    } finally {
      c.setAutoCommit(autoCommit);
    }
    return rows;
  }

  /** The days of the attached metric partitions ({@code performance_metrics_pYYYYMMDD}). */
  static List<LocalDate> metricDays(Connection c) throws SQLException {
    return partitionDays(c, EventKind.METRIC.tableName());
  }

  /** The days of the attached partitions ({@code <table>_pYYYYMMDD}) of {@code table}. */
  static List<LocalDate> partitionDays(Connection c, String table) throws SQLException {
    List<LocalDate> days = new ArrayList<>();
    String prefix = table + "_p";
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = to_regclass(?) ORDER BY c.relname")) {
      ps.setString(1, Schema.NAME + "." + table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          if (name.startsWith(prefix)) {
            try {
              days.add(
                  LocalDate.parse(
                      name.substring(prefix.length()), DateTimeFormatter.BASIC_ISO_DATE));
            } catch (DateTimeParseException e) {
              // not one of Sluice's partitions: no rows of it reach a day's rollups
            }
          }
        }
      }
    }
    return days;
  }
}
