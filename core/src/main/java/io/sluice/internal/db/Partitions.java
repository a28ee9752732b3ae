package io.sluice.internal.db;

import io.sluice.model.EventKind;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Creates the day partitions (UTC days of {@code recorded_at}) of the four event tables and of the
 * metric rollups of every tier ({@link MetricRollups}, {@link RollupTier}), ahead of time and on
 * demand for late events. Remembers which days exist so the drainer asks PostgreSQL only when a
 * batch brings a new day.
 *
 * <p>Partition {@code trace_events_p20261127} holds {@code [2026-11-27, 2026-11-28)} UTC. Creation
 * runs under a transaction-scoped advisory lock so concurrent Sluice processes do not race. Not
 * thread-safe.
 */
public final class Partitions {
  private static final long ADVISORY_LOCK_KEY = 0x51_75_69_63_65_50L; // "SluiceP"

  private final Set<LocalDate> known = new HashSet<>();

  /** The partition table name of {@code kind} for {@code day}. */
  public static String partitionName(EventKind kind, LocalDate day) {
    return kind.partitionName(day);
  }

  /** True when this instance already made sure {@code day} has partitions. */
  public boolean isKnown(LocalDate day) {
    return known.contains(day);
  }

  /** Forgets what it knew, e.g. after retention dropped partitions. */
  public void forget() {
    known.clear();
  }

  /**
   * Makes sure every table has a partition for each of {@code days}, inside the caller's
   * transaction (the caller commits, or calls {@link #unlearn} on rollback). Returns the days it
   * had to ask PostgreSQL about.
   */
  public Set<LocalDate> ensure(Handle h, Set<LocalDate> days) {
    Set<LocalDate> created = new HashSet<>();
    for (LocalDate day : days) {
      if (known.contains(day)) {
        continue;
      }
      if (created.isEmpty()) {
        h.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_LOCK_KEY + ")");
      }
      for (EventKind kind : EventKind.values()) {
        h.execute(createSql(kind, day));
      }
      for (RollupTier tier : RollupTier.values()) {
        h.execute(createRollupSql(tier, day));
      }
      known.add(day);
      created.add(day);
    }
    return created;
  }

  /** The days from {@code today - 1} to {@code today + daysAhead}. */
  public static Set<LocalDate> window(java.time.Clock clock, int daysAhead) {
    LocalDate today = today(clock);
    Set<LocalDate> days = new HashSet<>();
    for (LocalDate d = today.minusDays(1);
        !d.isAfter(today.plusDays(daysAhead));
        d = d.plusDays(1)) {
      days.add(d);
    }
    return days;
  }

  /** Removes {@code days} from what is known, when the transaction that made them rolled back. */
  public void unlearn(Set<LocalDate> days) {
    known.removeAll(days);
  }

  /** A copy of the days this instance knows to exist. */
  public Set<LocalDate> knownDays() {
    return Set.copyOf(known);
  }

  static String createSql(EventKind kind, LocalDate day) {
    return createSql(kind.tableName(), day);
  }

  /**
   * A rollup tier's partition of {@code day}: updated in place, so room is left for HOT updates.
   */
  static String createRollupSql(RollupTier tier, LocalDate day) {
    return createSql(tier.table(), day) + " WITH (fillfactor = 70)";
  }

  /** The partition of the rollups for {@code day}, e.g. {@code metric_rollups_p20260131}. */
  public static String rollupPartitionName(LocalDate day) {
    return rollupPartitionName(RollupTier.MINUTE, day);
  }

  /** A tier's partition for {@code day}, e.g. {@code metric_rollups_5m_p20260131}. */
  public static String rollupPartitionName(RollupTier tier, LocalDate day) {
    return tier.table() + "_p" + DateTimeFormatter.BASIC_ISO_DATE.format(day);
  }

  private static String createSql(String table, LocalDate day) {
    // Identifiers and bounds come from code and a LocalDate, never from input.
    return "CREATE TABLE IF NOT EXISTS "
        + Schema.NAME
        + "."
        + table
        + "_p"
        + DateTimeFormatter.BASIC_ISO_DATE.format(day)
        + " PARTITION OF "
        + Schema.NAME
        + "."
        + table
        + " FOR VALUES FROM ('"
        + day
        + " 00:00:00+00') TO ('"
        + day.plusDays(1)
        + " 00:00:00+00')";
  }

  /** The UTC day of an instant in epoch milliseconds. */
  public static LocalDate dayOf(long epochMillis) {
    return LocalDate.ofEpochDay(Math.floorDiv(epochMillis, 86_400_000L));
  }

  static LocalDate today(java.time.Clock clock) {
    return LocalDate.now(clock.withZone(ZoneOffset.UTC));
  }
}
