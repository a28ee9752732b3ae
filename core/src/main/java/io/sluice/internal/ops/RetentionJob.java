package io.sluice.internal.ops;

import io.sluice.internal.db.ErrorClass;
import io.sluice.internal.db.Partitions;
import io.sluice.internal.db.RollupTier;
import io.sluice.internal.db.Schema;
import io.sluice.internal.drain.RetentionPolicy;
import io.sluice.model.EventKind;
import io.sluice.model.RetentionReport;
import io.sluice.model.RetentionReport.RemovedPartition;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies retention: removes the day partitions whose whole day is past its kind's retention
 * ({@link RetentionPolicy}), and creates the partitions of the coming days.
 *
 * <h2>How a partition goes</h2>
 *
 * <ol>
 *   <li>{@code ALTER TABLE parent DETACH PARTITION p CONCURRENTLY} (PostgreSQL 14+): the drainer
 *       keeps writing to other days meanwhile. It must run outside a transaction block (the
 *       connection is in autocommit) and needs the table to have no DEFAULT partition (Sluice
 *       creates none).
 *   <li>If that fails (a DEFAULT partition someone added, an older server, a cancelled wait), a
 *       plain {@code DETACH PARTITION}, which holds an exclusive lock on the parent for a moment
 *       and so briefly blocks writes; a detach left pending by an interrupted run is finished with
 *       {@code FINALIZE}.
 *   <li>The rows it holds are counted, then {@code DROP TABLE}. A table left detached by an
 *       interrupted run is found again by name and dropped on the next run.
 * </ol>
 *
 * Rows are never deleted one by one. A run holds a session advisory lock, so two processes on one
 * database never remove the same partition at once (the second skips and says so); within a process
 * runs are serialized. Each partition that fails is reported and the run goes on.
 */
public final class RetentionJob {
  private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
  private static final long LOCK_KEY = 0x53_6C_75_69_63_65_52L; // "SluiceR"
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private final Jdbi jdbi;
  private final RetentionPolicy policy;
  private final Clock clock;
  private final String instanceName;
  private final int partitionDaysAhead;
  private final SluiceMetrics metrics;

  /**
   * @param jdbi on a pool whose connections autocommit (the writer pool)
   * @param metrics where removals are counted, or {@code null}
   */
  public RetentionJob(
      Jdbi jdbi,
      RetentionPolicy policy,
      Clock clock,
      String instanceName,
      int partitionDaysAhead,
      SluiceMetrics metrics) {
    this.jdbi = jdbi;
    this.policy = policy;
    this.clock = clock;
    this.instanceName = instanceName;
    this.partitionDaysAhead = partitionDaysAhead;
    this.metrics = metrics;
  }

  /** One run; in a dry run nothing changes and the report lists what would be removed. */
  public synchronized RetentionReport run(boolean dryRun) {
    Instant now = Instant.now(clock);
    List<RemovedPartition> removed = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    LocalDate readyThrough = null;
    try (Handle h = jdbi.open()) {
      if (!h.createQuery("SELECT pg_try_advisory_lock(:k)")
          .bind("k", LOCK_KEY)
          .mapTo(Boolean.class)
          .one()) {
        errors.add(
            "another process is applying retention to this database right now; skipped."
                + " Run again later.");
        return report(now, dryRun, removed, null, errors);
      }
      try {
        if (!dryRun) {
          readyThrough = createAhead(h, errors);
        }
        for (EventKind kind : EventKind.values()) {
          for (Candidate c : expired(h, kind, kind.tableName(), now)) {
            try {
              long rows = dryRun ? count(h, c) : remove(h, c);
              removed.add(new RemovedPartition(kind, c.name, c.day, rows));
            } catch (JdbiException e) {
              errors.add(
                  "cannot remove partition "
                      + c.name
                      + ": "
                      + describe(e)
                      + ". It stays; the next run tries again.");
            }
          }
        }
        if (!dryRun) {
          removeRollups(h, now, errors);
        }
      } finally {
        h.createQuery("SELECT pg_advisory_unlock(:k)")
            .bind("k", LOCK_KEY)
            .mapTo(Boolean.class)
            .one();
      }
    } catch (JdbiException e) {
      errors.add(
          "retention cannot reach PostgreSQL: " + describe(e) + ". The next run tries again.");
    }
    return report(now, dryRun, removed, readyThrough, errors);
  }

  private RetentionReport report(
      Instant now,
      boolean dryRun,
      List<RemovedPartition> removed,
      LocalDate ready,
      List<String> errors) {
    RetentionReport r = new RetentionReport(now, dryRun, removed, ready, errors);
    for (RemovedPartition p : removed) {
      log.info(
          "{}: retention {} {} ({} rows, older than {} days)",
          instanceName,
          dryRun ? "would remove" : "removed",
          p.partition(),
          p.rows(),
          policy.retentionDays(p.kind()));
    }
    for (String e : errors) {
      log.warn("{}: retention: {}", instanceName, e);
    }
    if (!dryRun && metrics != null) {
      metrics.retentionRemoved(removed.size(), r.rowsRemoved());
    }
    return r;
  }

  private LocalDate createAhead(Handle h, List<String> errors) {
    Set<LocalDate> days = Partitions.window(clock, partitionDaysAhead);
    try {
      h.useTransaction(tx -> new Partitions().ensure(tx, days));
      return Collections.max(days);
    } catch (JdbiException e) {
      errors.add(
          "cannot create the partitions ahead: "
              + describe(e)
              + " (the drainer creates the schema when it first connects)");
      return null;
    }
  }

  /**
   * Removes the metric rollups' partitions (every tier) of the days past the metrics' retention
   * (they go with the metric rows they sum up). Not in the report, which counts events.
   */
  private void removeRollups(Handle h, Instant now, List<String> errors) {
    for (RollupTier tier : RollupTier.values()) {
      removeRollups(h, tier, now, errors);
    }
  }

  private void removeRollups(Handle h, RollupTier tier, Instant now, List<String> errors) {
    for (Candidate c : expired(h, EventKind.METRIC, tier.table(), now)) {
      try {
        long rows = remove(h, c);
        log.info("{}: retention removed {} ({} rollup rows)", instanceName, c.name, rows);
      } catch (JdbiException e) {
        errors.add(
            "cannot remove partition "
                + c.name
                + ": "
                + describe(e)
                + ". It stays; the next run tries again.");
      }
    }
  }

  /**
   * Partitions (attached or left detached) of {@code table}, holding {@code kind}, whose day is
   * expired, oldest first.
   */
  private List<Candidate> expired(Handle h, EventKind kind, String table, Instant now) {
    Pattern name = Pattern.compile("^" + Pattern.quote(table) + "_p(\\d{8})$");
    List<Candidate> found = new ArrayList<>();
    List<Candidate> all =
        h.createQuery(
                "SELECT c.relname AS name, i.inhrelid IS NOT NULL AS attached,"
                    + " coalesce(i.inhdetachpending, false) AS pending"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " LEFT JOIN pg_inherits i ON i.inhrelid = c.oid"
                    + " AND i.inhparent = to_regclass(:parent)"
                    + " WHERE n.nspname = :schema AND c.relkind = 'r' AND c.relname LIKE :prefix"
                    + " ORDER BY c.relname")
            .bind("parent", Schema.NAME + "." + table)
            .bind("schema", Schema.NAME)
            .bind("prefix", table + "_p%")
            .map(
                (rs, ctx) -> {
                  Matcher m = name.matcher(rs.getString("name"));
                  return new Candidate(
                      kind,
                      table,
                      rs.getString("name"),
                      m.matches() ? parseDay(m.group(1)) : null,
                      rs.getBoolean("attached"),
                      rs.getBoolean("pending"));
                })
            .list();
    for (Candidate c : all) {
      if (c.day != null && policy.isExpired(kind, c.day, now)) {
        found.add(c);
      }
    }
    return found;
  }

  private long remove(Handle h, Candidate c) {
    if (c.attached) {
      detach(h, c);
    }
    long rows = count(h, c);
    h.execute("DROP TABLE " + c.qualified());
    return rows;
  }

  private void detach(Handle h, Candidate c) {
    String alter =
        "ALTER TABLE " + Schema.NAME + ".\"" + c.table + "\" DETACH PARTITION " + c.qualified();
    if (c.pending) {
      h.execute(alter + " FINALIZE");
      return;
    }
    try {
      h.execute(alter + " CONCURRENTLY");
    } catch (JdbiException e) {
      log.warn(
          "{}: DETACH PARTITION {} CONCURRENTLY failed ({}); detaching it plainly, which blocks"
              + " writes to {} for a moment",
          instanceName,
          c.name,
          describe(e),
          c.table);
      h.execute(isPending(h, c) ? alter + " FINALIZE" : alter);
    }
  }

  private static boolean isPending(Handle h, Candidate c) {
    return h.createQuery(
            "SELECT coalesce(bool_or(inhdetachpending), false) FROM pg_inherits"
                + " WHERE inhrelid = to_regclass(:t)")
        .bind("t", Schema.NAME + "." + c.name)
        .mapTo(Boolean.class)
        .one();
  }

  private static long count(Handle h, Candidate c) {
    return h.createQuery("SELECT count(*) FROM " + c.qualified()).mapTo(Long.class).one();
  }

  private static LocalDate parseDay(String yyyymmdd) {
    try {
      return LocalDate.parse(yyyymmdd, DAY);
    } catch (DateTimeParseException e) {
      return null; // not one of ours: never touch it
    }
  }

  static String describe(Throwable e) {
    String state = ErrorClass.sqlState(e);
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = String.valueOf(root.getMessage());
    int nl = msg.indexOf('\n');
    msg = nl < 0 ? msg : msg.substring(0, nl);
    return state == null ? msg : "SQLSTATE " + state + ": " + msg;
  }

  /** An expired partition; names come from pg_class and match {@code <table>_pYYYYMMDD}. */
  private record Candidate(
      EventKind kind, String table, String name, LocalDate day, boolean attached, boolean pending) {
    String qualified() {
      return Schema.NAME + ".\"" + name + "\"";
    }
  }
}
