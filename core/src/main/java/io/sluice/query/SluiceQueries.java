package io.sluice.query;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.zaxxer.hikari.HikariDataSource;
import io.sluice.model.AgentTransformation;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.EventKind;
import io.sluice.model.MetricNames;
import io.sluice.model.OperationsConfig;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingDecision;
import io.sluice.model.SluiceClosedException;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceException;
import io.sluice.model.SluiceHealth.PoolUsage;
import io.sluice.model.TraceEvent;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Reads events back from PostgreSQL: lists of each kind, newest first with keyset pagination, and
 * metric statistics per time bucket.
 *
 * <pre>{@code
 * try (SluiceQueries q = SluiceQueries.open(database)) {
 *   Page<StoredEvent<TraceEvent>> page = q.traces(TraceQuery.builder().agentName("planner")
 *       .from(Instant.now().minus(Duration.ofHours(1))).build());
 *   while (page.hasMore()) {
 *     page = q.traces(TraceQuery.builder().agentName("planner").from(...)
 *         .after(page.nextCursor()).build());
 *   }
 * }
 * }</pre>
 *
 * <h2>Guarantees</h2>
 *
 * Paging with {@link Page#nextCursor()} through rows that exist for the whole walk returns each
 * exactly once, without gaps, in {@code (recorded_at, id)} order, even while new events arrive
 * (they are newer than the first page). Every value is a bound parameter. Queries run on their own
 * small read-only pool, separate from the drainer's, with a server-side statement timeout.
 *
 * <p>Thread-safe. Close it to close its pool.
 *
 * @throws IllegalArgumentException from the query builders, naming the bad argument
 * @throws SluiceException when PostgreSQL fails the query; the message names the SQLSTATE
 */
public final class SluiceQueries implements AutoCloseable {
  private final HikariDataSource pool;
  private final Jdbi jdbi;
  private final String instanceName;
  private final String redactedUrl;
  private final Duration statementTimeout;
  private final QueryListener listener;
  private final MetricRegistry registry;
  private final Timer latency;
  private final Counter failures;
  private volatile boolean closed;

  private SluiceQueries(Builder b) {
    this.instanceName = b.instanceName;
    this.redactedUrl = b.database.redactedUrl();
    this.statementTimeout = b.statementTimeout;
    this.listener = b.listener;
    this.registry = b.registry;
    this.pool = ReaderPool.open(b.database, b.instanceName, b.maxConnections, b.statementTimeout);
    if (registry != null) {
      ReaderPool.publishMetrics(pool, registry, instanceName);
      this.latency = registry.timer(MetricNames.name(instanceName, MetricNames.QUERY_LATENCY));
      this.failures = registry.counter(MetricNames.name(instanceName, MetricNames.QUERY_FAILURES));
    } else {
      this.latency = null;
      this.failures = null;
    }
    this.jdbi = Jdbi.create(pool);
  }

  /** Opens a query pool on {@code database} with the defaults. */
  public static SluiceQueries open(DatabaseConfig database) {
    return builder(database).open();
  }

  public static Builder builder(DatabaseConfig database) {
    return new Builder(database);
  }

  /** Trace events matching {@code query}, newest first. */
  public Page<StoredEvent<TraceEvent>> traces(TraceQuery query) {
    Select s = query.select(Rows.TRACE);
    return page(
        EventKind.TRACE,
        s,
        s.pageSql(query.paging, query.order()),
        query.paging.limit,
        (rs, ctx) -> Rows.trace(rs));
  }

  /** Routing decisions matching {@code query}, newest first. */
  public Page<StoredEvent<RoutingDecision>> routing(RoutingQuery query) {
    Select s = query.select(Rows.ROUTING);
    return page(
        EventKind.ROUTING,
        s,
        s.pageSql(query.paging, query.order()),
        query.paging.limit,
        (rs, ctx) -> Rows.routing(rs));
  }

  /** Performance metrics matching {@code query}, newest first. */
  public Page<StoredEvent<PerformanceMetric>> metrics(MetricQuery query) {
    Select s = query.select(Rows.METRIC);
    return page(
        EventKind.METRIC,
        s,
        s.pageSql(query.paging, query.order()),
        query.paging.limit,
        (rs, ctx) -> Rows.metric(rs));
  }

  /** Transformation events matching {@code query}, newest first. */
  public Page<StoredEvent<AgentTransformation>> transformations(TransformationQuery query) {
    Select s = query.select(Rows.TRANSFORMATION);
    return page(
        EventKind.TRANSFORMATION,
        s,
        s.pageSql(query.paging, query.order()),
        query.paging.limit,
        (rs, ctx) -> Rows.transformation(rs));
  }

  /**
   * Statistics per time bucket, oldest bucket first; empty buckets are left out. Buckets of whole
   * minutes over a range of whole minutes come from the per-minute rollups (percentiles within 1
   * %), others from the rows (exact); see {@link MetricAggregateQuery}.
   */
  public List<MetricBucket> metricBuckets(MetricAggregateQuery query) {
    if (query.fromRollups()) {
      Select r = new Select(EventKind.METRIC, "");
      String sql = query.rollupSql(r);
      return run(
          EventKind.METRIC,
          () ->
              jdbi.withHandle(
                  h ->
                      h.createQuery(sql)
                          .bindMap(r.binds())
                          .scanResultSet(
                              (results, ctx) -> {
                                RollupBuckets buckets = new RollupBuckets(query);
                                java.sql.ResultSet rs = results.get();
                                while (rs.next()) {
                                  buckets.add(rs);
                                }
                                return buckets.finish();
                              })));
    }
    Select s = new Select(EventKind.METRIC, "");
    String sql = query.sql(s);
    return run(
        EventKind.METRIC,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(sql)
                        .bindMap(s.binds())
                        .map((rs, ctx) -> Rows.bucket(rs))
                        .list()));
  }

  /** The query pool's use now (for health). */
  public PoolUsage poolUsage() {
    return ReaderPool.usage(pool);
  }

  private <T> Page<T> page(EventKind kind, Select s, String sql, int limit, RowMapper<T> mapper) {
    List<T> rows =
        run(
            kind,
            () -> jdbi.withHandle(h -> h.createQuery(sql).bindMap(s.binds()).map(mapper).list()));
    if (rows.size() <= limit) {
      return new Page<>(rows, null);
    }
    List<T> items = rows.subList(0, limit);
    StoredEvent<?> last = (StoredEvent<?>) items.get(limit - 1);
    return new Page<>(items, Cursor.of(kind, last.recordedAt(), last.id()).encode());
  }

  private <T> T run(EventKind kind, Supplier<T> query) {
    if (closed) {
      throw new SluiceClosedException(
          "Queries of " + instanceName + " are closed; open new SluiceQueries.");
    }
    long start = System.nanoTime();
    boolean failed = true;
    try {
      T result = query.get();
      failed = false;
      return result;
    } catch (JdbiException e) {
      throw new SluiceException(describe(kind, e), e);
    } finally {
      long nanos = System.nanoTime() - start;
      if (latency != null) {
        latency.update(nanos, TimeUnit.NANOSECONDS);
        if (failed) {
          failures.inc();
        }
      }
      if (listener != null) {
        listener.queryCompleted(kind, nanos, failed);
      }
    }
  }

  private String describe(EventKind kind, JdbiException e) {
    String state = sqlState(e);
    String what = "Query of " + kind.displayName() + "s on " + redactedUrl + " failed: ";
    Throwable root = e.getCause() == null ? e : e.getCause();
    String msg = String.valueOf(root.getMessage()).lines().findFirst().orElse("");
    if ("57014".equals(state)) {
      return what
          + "SQLSTATE 57014: "
          + msg
          + " (expected to finish within the statement timeout, "
          + statementTimeout.toMillis()
          + " ms). Narrow the time range or add a filter.";
    }
    return what
        + (state == null ? "" : "SQLSTATE " + state + ": ")
        + msg
        + ". Check that PostgreSQL is reachable and the schema exists (Sluice creates it when it"
        + " first drains).";
  }

  /** The first SQLSTATE in {@code e}'s causes, or {@code null}. */
  private static String sqlState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return null;
  }

  /** Closes the pool and removes its metrics from the registry. Idempotent. */
  @Override
  public void close() {
    closed = true;
    pool.close(); // HikariCP removes its own pool metrics
    if (registry != null) {
      registry.remove(MetricNames.name(instanceName, MetricNames.QUERY_LATENCY));
      registry.remove(MetricNames.name(instanceName, MetricNames.QUERY_FAILURES));
    }
  }

  /** Builds {@link SluiceQueries}; each setter checks its value at once. Not thread-safe. */
  public static final class Builder {
    private final DatabaseConfig database;
    private String instanceName = SluiceConfig.DEFAULT_INSTANCE_NAME;
    private int maxConnections = OperationsConfig.DEFAULT_QUERY_POOL_SIZE;
    private Duration statementTimeout = OperationsConfig.DEFAULT_QUERY_TIMEOUT;
    private MetricRegistry registry;
    private QueryListener listener;

    private Builder(DatabaseConfig database) {
      this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * Names the pool and the metrics ({@code sluice.<instance>.query.*}). Default {@code sluice}.
     */
    public Builder instanceName(String instanceName) {
      this.instanceName = SluiceConfig.checkInstanceName(instanceName);
      return this;
    }

    /** Connections of the query pool. Default 2; 1..32 (as {@code OperationsConfig}). */
    public Builder maxConnections(int maxConnections) {
      this.maxConnections = OperationsConfig.checkQueryPoolSize("maxConnections", maxConnections);
      return this;
    }

    /** Server-side statement timeout. Default 5 s; 100 ms..10 min (as {@code OperationsConfig}). */
    public Builder statementTimeout(Duration timeout) {
      this.statementTimeout = OperationsConfig.checkQueryTimeout("statementTimeout", timeout);
      return this;
    }

    /** Time queries and publish the pool's metrics on this registry. */
    public Builder metricRegistry(MetricRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "metricRegistry");
      return this;
    }

    public Builder listener(QueryListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Opens the pool (it connects lazily: opening works while PostgreSQL is down). */
    public SluiceQueries open() {
      return new SluiceQueries(this);
    }
  }
}
