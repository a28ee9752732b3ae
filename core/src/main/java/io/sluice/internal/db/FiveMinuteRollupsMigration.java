package io.sluice.internal.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.TreeSet;
import org.flywaydb.core.api.migration.Context;

/**
 * V10: the five-minute rollup tier ({@link RollupTier#FIVE_MINUTES}, table {@code
 * metric_rollups_5m}, the columns of V7's {@code metric_rollups}) and its backfill from the metric
 * rows already stored, in the same transaction as the table: from here on the drainer adds to both
 * tiers with every metric row it commits, and this fills the new one for every row committed
 * before, through the same code ({@link MetricRollups}), so the tiers agree exactly.
 *
 * <p>Partitions are made for every day that has metric rows or minute rollups (also the days made
 * ahead). Like V7, every process draining into the database must run this version or later, or it
 * would commit metric rows without their five-minute rollups. About 10 s per million stored metric
 * rows on the benchmark machine.
 */
public final class FiveMinuteRollupsMigration extends SchemaJavaMigration {
  public FiveMinuteRollupsMigration() {
    super(10, "five-minute metric rollups");
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    try (Statement st = c.createStatement()) {
      st.execute(MetricRollupsMigration.ddl(RollupTier.FIVE_MINUTES));
      for (LocalDate day :
          new TreeSet<>(MetricRollupsMigration.partitionDays(c, RollupTier.MINUTE.table()))) {
        st.execute(Partitions.createRollupSql(RollupTier.FIVE_MINUTES, day));
      }
    }
    for (LocalDate day : MetricRollupsMigration.metricDays(c)) {
      MetricRollupsMigration.backfill(c, day, RollupTier.FIVE_MINUTES);
    }
  }
}
