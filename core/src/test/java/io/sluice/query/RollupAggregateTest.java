package io.sluice.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.sluice.internal.db.MetricRollups;
import io.sluice.internal.db.MetricRollupsMigration;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.Rows;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Buckets merged from the rollups (per minute, per five minutes, both) against the exact statistics
 * PostgreSQL computes over the same rows: counts, sums, minimums and maximums equal, percentiles
 * within the sketch's relative accuracy of the exact value at the same rank. 12,000 values over
 * three hours (two metrics, three components and none; skewed, with zeros and negatives; multiples
 * of 1/8 so that every sum is exact in any order), rolled up in two parts: the first by the V7
 * backfill, the second merged into the stored rows as the drainer does.
 */
class RollupAggregateTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();

  private static final Instant FROM = Instant.parse("2026-05-10T10:00:00Z");
  private static final Instant TO = FROM.plus(Duration.ofHours(3));
  private static final double ALPHA = MetricRollups.RELATIVE_ACCURACY;

  private Connection c;

  @BeforeEach
  void load() throws Exception {
    EventRows.migrate(postgres.database());
    c = postgres.connect();
    EventRows.ensureDays(c, EventRows.day(FROM), EventRows.day(FROM));
    Rows.execute(c, "SELECT setseed(0.25)");
    Rows.execute(c, "CREATE TEMP TABLE later AS " + valuesSql(6_000));
    Rows.execute(c, insertSql(valuesSql(6_000)));
    MetricRollupsMigration.backfill(c, EventRows.day(FROM)); // the first part: as V7 does
    Rows.execute(c, insertSql("SELECT * FROM later"));
    MetricRollups later = new MetricRollups(); // the second part: as the drainer does
    try (ResultSet rs =
        c.createStatement()
            .executeQuery(
                "SELECT (extract(epoch FROM t) * 1000)::bigint, name, component, v FROM later")) {
      while (rs.next()) {
        later.add(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getDouble(4));
      }
    }
    c.setAutoCommit(false);
    later.write(c);
    c.commit();
    c.setAutoCommit(true);
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  /** {@code n} rows (t, name, component, v): a skewed distribution with zeros and negatives. */
  private static String valuesSql(int n) {
    return "SELECT timestamptz '"
        + FROM
        + "' + random() * interval '3 hours' AS t,"
        + " 'm' || (g % 2) AS name,"
        + " CASE g % 4 WHEN 3 THEN NULL ELSE 'c' || (g % 3) END AS component,"
        + " CASE WHEN g % 50 = 0 THEN 0 WHEN g % 70 = 0 THEN -round(random() * 80) / 8"
        + " ELSE round(exp(random() * 9) * 8) / 8 END AS v"
        + " FROM generate_series(1, "
        + n
        + ") g";
  }

  private static String insertSql(String select) {
    return "INSERT INTO agent_observability.performance_metrics (id, recorded_at, occurred_at,"
        + " metric_name, metric_value, metric_type, component)"
        + " SELECT gen_random_uuid(), t, t, name, v, 'gauge', component FROM ("
        + select
        + ") s";
  }

  @Test
  void buckets_fromRollups_matchTheExactStatisticsOfTheRows() throws Exception {
    int checked = 0;
    try (SluiceQueries q = SluiceQueries.open(postgres.database())) {
      for (String component : new String[] {null, "c1"}) {
        for (Duration bucket :
            List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1))) {
          MetricAggregateQuery query = query(component, FROM, TO, bucket);
          assertTrue(query.fromRollups(), query.toString());
          assertEquals(bucket.toMinutes() % 5 == 0, query.fromFiveMinuteRollups(), query + "");
          checked += compare(q, query);
        }
      }
    }
    assertTrue(checked > 2 * (36 + 3) + 170, "buckets compared: " + checked); // 1 min: a few empty
  }

  /**
   * Five-minute rows for the whole five minutes, minute rows for the range's tail past them (the
   * last bucket mixes both); a range from a minute that is not a whole five minutes reads minutes.
   */
  @Test
  void buckets_ofBothTiers_matchTheExactStatisticsOfTheRows() throws Exception {
    int checked = 0;
    try (SluiceQueries q = SluiceQueries.open(postgres.database())) {
      for (String component : new String[] {null, "c2"}) {
        MetricAggregateQuery tail =
            query(component, FROM, TO.minus(Duration.ofMinutes(3)), Duration.ofHours(1));
        assertTrue(tail.fromFiveMinuteRollups(), tail.toString());
        checked += compare(q, tail);
        MetricAggregateQuery middle =
            query(
                component,
                FROM.plus(Duration.ofMinutes(5)),
                TO.minus(Duration.ofMinutes(1)),
                Duration.ofMinutes(15));
        assertTrue(middle.fromFiveMinuteRollups(), middle.toString());
        checked += compare(q, middle);
        MetricAggregateQuery minutes =
            query(component, FROM.plus(Duration.ofMinutes(1)), TO, Duration.ofMinutes(5));
        assertTrue(minutes.fromRollups() && !minutes.fromFiveMinuteRollups(), minutes + "");
        checked += compare(q, minutes);
      }
    }
    assertEquals(2 * (3 + 12 + 36), checked);
  }

  /**
   * Each five-minute row's stored p50 and p95 are its sketch's (within its min and max), also after
   * the drainer's merge into a row the backfill wrote: what a bucket of that one row would compute.
   */
  @Test
  void fiveMinuteRows_storeThePercentilesOfTheirSketch() throws Exception {
    int rows = 0;
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT sketch, min_value, max_value, p50, p95"
                    + " FROM agent_observability.metric_rollups_5m")) {
      while (rs.next()) {
        DDSketch sketch = MetricRollups.newSketch();
        MetricRollups.mergeEncoded(sketch, rs.getBytes(1));
        double lo = rs.getDouble(2);
        double hi = rs.getDouble(3);
        assertEquals(Math.max(lo, Math.min(hi, sketch.getValueAtQuantile(0.5))), rs.getDouble(4));
        assertEquals(Math.max(lo, Math.min(hi, sketch.getValueAtQuantile(0.95))), rs.getDouble(5));
        rows++;
      }
    }
    assertEquals(36 * 2 * 4, rows, "2 metrics x (all + 3 components) x 36 five minutes");
  }

  private static MetricAggregateQuery query(
      String component, Instant from, Instant to, Duration bucket) {
    return MetricAggregateQuery.builder()
        .metricName("m1")
        .component(component)
        .from(from)
        .to(to)
        .bucket(bucket)
        .build();
  }

  /** Checks every bucket of {@code query} against the rows; returns how many. */
  private int compare(SluiceQueries q, MetricAggregateQuery query) throws SQLException {
    List<MetricBucket> got = q.metricBuckets(query);
    List<Exact> exact = exact(query);
    assertEquals(exact.size(), got.size(), query.toString());
    for (int i = 0; i < got.size(); i++) {
      exact.get(i).check(got.get(i), query + " bucket " + i);
    }
    return got.size();
  }

  @Test
  void buckets_ofAMinuteCutByTheRange_comeFromTheRowsExactly() throws Exception {
    Instant from = FROM.plusSeconds(30);
    MetricAggregateQuery query =
        MetricAggregateQuery.builder()
            .metricName("m0")
            .from(from)
            .to(from.plus(Duration.ofHours(1)))
            .bucket(Duration.ofMinutes(30))
            .build();
    assertFalse(query.fromRollups());
    try (SluiceQueries q = SluiceQueries.open(postgres.database());
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY metric_value)"
                    + " FROM agent_observability.performance_metrics WHERE metric_name = 'm0'"
                    + " AND recorded_at >= ? AND recorded_at < ?")) {
      ps.setObject(1, from.atOffset(ZoneOffset.UTC));
      ps.setObject(2, from.plus(Duration.ofMinutes(30)).atOffset(ZoneOffset.UTC));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertEquals(rs.getDouble(1), q.metricBuckets(query).get(0).p95(), 0.0);
      }
    }
  }

  /** The exact statistics of one bucket, from the rows. */
  private record Exact(
      Instant start, long count, double sum, double min, double max, double[] sorted) {
    void check(MetricBucket b, String what) {
      assertEquals(start, b.start(), what);
      assertEquals(count, b.count(), what);
      assertEquals(sum / count, b.avg(), 0.0, what);
      assertEquals(max, b.max(), 0.0, what);
      checkPercentile(0.5, b.p50(), what + " p50");
      checkPercentile(0.95, b.p95(), what + " p95");
    }

    /**
     * The documented bound: within {@code ALPHA} of the value at rank {@code floor(q * (n - 1))}
     * (the lower of the two values {@code percentile_cont} interpolates between), and never beyond
     * the bucket's minimum and maximum.
     */
    void checkPercentile(double q, double got, String what) {
      double atRank = sorted[(int) Math.floor(q * (count - 1))];
      assertTrue(
          Math.abs(got - atRank) <= ALPHA * Math.abs(atRank) + 1e-9,
          what + ": " + got + " vs exact " + atRank);
      assertTrue(got >= min && got <= max, what + ": " + got + " outside [" + min + ", " + max);
    }
  }

  private List<Exact> exact(MetricAggregateQuery query) throws SQLException {
    List<Exact> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT date_bin(make_interval(secs => ?), recorded_at, ?) AS b, count(*),"
                + " sum(metric_value), min(metric_value), max(metric_value),"
                + " array_agg(metric_value ORDER BY metric_value)"
                + " FROM agent_observability.performance_metrics WHERE metric_name = ?"
                + " AND (?::text IS NULL OR component = ?) AND recorded_at >= ?"
                + " AND recorded_at < ? GROUP BY 1 ORDER BY 1")) {
      ps.setDouble(1, query.bucket.toSeconds());
      ps.setObject(2, query.from.atOffset(ZoneOffset.UTC));
      ps.setString(3, query.metricName);
      ps.setString(4, query.component);
      ps.setString(5, query.component);
      ps.setObject(6, query.from.atOffset(ZoneOffset.UTC));
      ps.setObject(7, query.to.atOffset(ZoneOffset.UTC));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Array a = rs.getArray(6);
          Double[] values = (Double[]) a.getArray();
          double[] sorted = new double[values.length];
          for (int i = 0; i < values.length; i++) {
            sorted[i] = values[i];
          }
          out.add(
              new Exact(
                  rs.getObject(1, OffsetDateTime.class).toInstant(),
                  rs.getLong(2),
                  rs.getDouble(3),
                  rs.getDouble(4),
                  rs.getDouble(5),
                  sorted));
        }
      }
    }
    return out;
  }
}
