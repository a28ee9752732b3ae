package io.sluice.model;

/**
 * The name of every metric Sluice publishes, here and nowhere else: {@code
 * sluice.<instance>.<area>.<name>} ({@link #name}) on one Dropwizard registry (the host
 * application's, or Sluice's own). Names are part of the public contract: dashboards and alerts use
 * them, so a name never changes meaning once released.
 */
public final class MetricNames {
  /**
   * Events appended to the spool (counter). A counter, not a meter, because it is on the append
   * path: one LongAdder increment (~15 ns) against a meter's clock read and four adders (~75-130 ns
   * measured). Rates come from the scraper ({@code rate()} in Prometheus).
   */
  public static final String APPENDS = "spool.appends";

  /** Events in the spool not yet committed (gauge, events). */
  public static final String BACKLOG = "spool.backlog";

  /** Events lost to damaged spool files, ever (gauge; see {@code SluiceStatus.unreadable}). */
  public static final String UNREADABLE = "spool.unreadable";

  /** How long the oldest uncommitted event has waited (gauge, seconds; NaN when unknown). */
  public static final String OLDEST_UNDRAINED_SECONDS = "spool.oldest_undrained_seconds";

  /** Bytes the spool uses on disk (gauge). */
  public static final String SPOOL_BYTES = "spool.bytes";

  /** Batches committed (meter). */
  public static final String COMMITS = "drain.commits";

  /** Events committed (meter). */
  public static final String EVENTS_COMMITTED = "drain.events";

  /** Events per committed batch (histogram). */
  public static final String BATCH_SIZE = "drain.batch_size";

  /** Time from the start of a batch to its commit (timer). */
  public static final String COMMIT_LATENCY = "drain.commit_latency";

  /** Failed batches or connection attempts (meter). */
  public static final String FAILURES = "drain.failures";

  /** Circuit breaker: 0 CLOSED, 1 HALF_OPEN, 2 OPEN, -1 unknown (gauge). */
  public static final String BREAKER_STATE = "drain.breaker_state";

  /**
   * What the drainer does (gauge): 0 DRAINING, 1 STANDBY (another process owns the spool), 2
   * CONNECTING, 3 RETRYING, 4 HALTED_FATAL, 5 STOPPED, 6 CLOSED; -1 when this process does not
   * drain.
   */
  public static final String DRAIN_STATE = "drain.state";

  /** Events set aside in the dead-letter spool, ever (gauge; -1 unknown). */
  public static final String DEAD_LETTERS = "drain.dead_letters";

  /**
   * Events refused since start under the {@code drop_newest} full policy ({@code append} returned
   * null), in this process (counter). The spool's own total is {@code dropped} in status.
   */
  public static final String DROPPED = "drain.dropped";

  /** Day partitions removed by retention (counter). */
  public static final String RETENTION_PARTITIONS = "retention.partitions_removed";

  /** Rows those partitions held (counter). */
  public static final String RETENTION_ROWS = "retention.rows_removed";

  /** Query duration (timer). */
  public static final String QUERY_LATENCY = "query.latency";

  /** Failed queries (counter). */
  public static final String QUERY_FAILURES = "query.failures";

  /** Health: 0 HEALTHY, 1 DEGRADED, 2 RECOVERING, 3 UNHEALTHY (gauge). */
  public static final String HEALTH_STATUS = "health.status";

  /** Events dropped: the spool's drop_newest policy (ever) plus the drainer's (gauge). */
  public static final String SPOOL_DROPPED = "spool.dropped";

  /** The spool's byte budget, SpoolConfig.maxSpoolBytes (gauge, bytes). */
  public static final String SPOOL_MAX_BYTES = "spool.max_bytes";

  /** The free-disk reserve, SpoolConfig.minFreeDiskBytes (gauge, bytes). */
  public static final String SPOOL_MIN_FREE_DISK_BYTES = "spool.min_free_disk_bytes";

  /** Usable bytes left on the spool's file system (gauge, bytes; NaN when unreadable). */
  public static final String SPOOL_DISK_FREE_BYTES = "spool.disk_free_bytes";

  /** OperationsConfig.maxUndrainedAge, the DEGRADED threshold (gauge, seconds). */
  public static final String MAX_UNDRAINED_AGE = "health.max_undrained_age_seconds";

  /**
   * Events re-drained since start because the database's checkpoint came back behind what the spool
   * saw committed: a PostgreSQL failover or restore lost them (gauge; see {@code
   * SluiceStatus.redrainedAfterRollback}).
   */
  public static final String REDRAINED_AFTER_ROLLBACK = "drain.redrained_after_rollback";

  /**
   * Events lost, ever: a rolled-back checkpoint pointed into cycle files already deleted (gauge;
   * see {@code SluiceStatus.lost}). Alert on any value above 0.
   */
  public static final String LOST = "drain.lost";

  /** Area of HikariCP's own pool metrics: {@code db.writer.pool.Wait}, {@code db.reader.pool.*}. */
  public static final String POOLS = "db";

  private MetricNames() {}

  /** {@code sluice.<instance>.<metric>}. */
  public static String name(String instance, String metric) {
    return "sluice." + instance + "." + metric;
  }
}
