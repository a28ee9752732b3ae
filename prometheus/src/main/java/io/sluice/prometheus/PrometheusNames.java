package io.sluice.prometheus;

import io.prometheus.metrics.instrumentation.dropwizard5.labels.CustomLabelMapper;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.MapperConfig;
import io.sluice.model.MetricNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Prometheus name of every exported metric, next to its Dropwizard name: Prometheus conventions
 * (snake_case, base units in the name, counters end in {@code _total}), the Sluice instance and the
 * spool as labels rather than parts of the name. The Prometheus client's own Dropwizard bridge
 * applies the table ({@link CustomLabelMapper}); nothing here writes exposition.
 *
 * <pre>
 * Dropwizard (sluice.&lt;instance&gt;.)  type       Prometheus
 * spool.appends                    counter    sluice_spool_events_appended_total
 * spool.backlog                    gauge      sluice_spool_backlog_events
 * spool.oldest_undrained_seconds   gauge      sluice_spool_oldest_undrained_age_seconds
 * spool.bytes                      gauge      sluice_spool_used_bytes
 * spool.max_bytes                  gauge      sluice_spool_max_bytes
 * spool.min_free_disk_bytes        gauge      sluice_spool_min_free_disk_bytes
 * spool.disk_free_bytes            gauge      sluice_spool_disk_free_bytes
 * spool.dropped                    gauge      sluice_spool_dropped_events
 * drain.commits                    meter      sluice_drain_batches_committed_total
 * drain.events                     meter      sluice_drain_events_committed_total
 * drain.batch_size                 histogram  sluice_drain_batch_events                     (summary)
 * drain.commit_latency             timer      sluice_drain_batch_duration_seconds           (summary)
 * drain.failures                   meter      sluice_drain_batch_failures_total
 * drain.breaker_state              gauge      sluice_drain_breaker_state
 * drain.state                      gauge      sluice_drain_state
 * drain.dead_letters               gauge      sluice_drain_dead_lettered_events
 * drain.dropped                    counter    sluice_drain_dropped_events_total
 * drain.redrained_after_rollback   gauge      sluice_drain_redrained_after_rollback_events
 * drain.lost                       gauge      sluice_drain_lost_events
 * retention.partitions_removed     counter    sluice_retention_partitions_removed_total
 * retention.rows_removed           counter    sluice_retention_rows_removed_total
 * query.latency                    timer      sluice_query_duration_seconds                 (summary)
 * query.failures                   counter    sluice_query_failures_total
 * health.status                    gauge      sluice_health_status
 * health.max_undrained_age_seconds gauge      sluice_health_max_undrained_age_seconds
 * db.&lt;pool&gt;.pool.ActiveConnections  gauge      sluice_db_&lt;pool&gt;_pool_active_connections
 * db.&lt;pool&gt;.pool.IdleConnections    gauge      sluice_db_&lt;pool&gt;_pool_idle_connections
 * db.&lt;pool&gt;.pool.TotalConnections   gauge      sluice_db_&lt;pool&gt;_pool_connections
 * db.&lt;pool&gt;.pool.PendingConnections gauge      sluice_db_&lt;pool&gt;_pool_pending_threads
 * db.&lt;pool&gt;.pool.MaxConnections     gauge      sluice_db_&lt;pool&gt;_pool_max_connections
 * db.&lt;pool&gt;.pool.MinConnections     gauge      sluice_db_&lt;pool&gt;_pool_min_connections
 * db.&lt;pool&gt;.pool.Wait               timer      sluice_db_&lt;pool&gt;_pool_wait_duration_seconds
 * db.&lt;pool&gt;.pool.ConnectionTimeoutRate meter   sluice_db_&lt;pool&gt;_pool_connection_timeouts_total
 * </pre>
 *
 * {@code <pool>} is {@code writer} (the drainer's) or {@code reader} (the query API's): part of the
 * name, not a label, because the bridge turns each Dropwizard metric into one Prometheus family and
 * two families of one name break the scrape.
 *
 * <p>Every series carries {@code sluice_instance} (SluiceConfig.instanceName) and {@code spool}
 * (the spool's id, the same for every process on one spool). Not {@code instance}: Prometheus sets
 * that label on every scraped series itself (host:port) and would rename Sluice's to {@code
 * exported_instance}. HikariCP's {@code Usage} and {@code ConnectionCreation} histograms are in
 * milliseconds, which the bridge cannot rescale: they stay in Dropwizard and are not exported.
 * Stateless.
 */
final class PrometheusNames {
  private PrometheusNames() {}

  /** Stands for the pool's role (writer, reader) in a name until {@link #mapper} places it. */
  private static final String POOL_ROLE = "<pool>";

  /** Dropwizard name after {@code sluice.<instance>.} ({@code *} = one part) to Prometheus name. */
  static final Map<String, String> NAMES = names();

  private static Map<String, String> names() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(MetricNames.APPENDS, "sluice_spool_events_appended");
    m.put(MetricNames.BACKLOG, "sluice_spool_backlog_events");
    m.put(MetricNames.OLDEST_UNDRAINED_SECONDS, "sluice_spool_oldest_undrained_age_seconds");
    m.put(MetricNames.SPOOL_BYTES, "sluice_spool_used_bytes");
    m.put(MetricNames.SPOOL_MAX_BYTES, "sluice_spool_max_bytes");
    m.put(MetricNames.SPOOL_MIN_FREE_DISK_BYTES, "sluice_spool_min_free_disk_bytes");
    m.put(MetricNames.SPOOL_DISK_FREE_BYTES, "sluice_spool_disk_free_bytes");
    m.put(MetricNames.SPOOL_DROPPED, "sluice_spool_dropped_events");
    m.put(MetricNames.UNREADABLE, "sluice_spool_unreadable_events");
    m.put(MetricNames.COMMITS, "sluice_drain_batches_committed");
    m.put(MetricNames.EVENTS_COMMITTED, "sluice_drain_events_committed");
    m.put(MetricNames.BATCH_SIZE, "sluice_drain_batch_events");
    m.put(MetricNames.COMMIT_LATENCY, "sluice_drain_batch_duration_seconds");
    m.put(MetricNames.FAILURES, "sluice_drain_batch_failures");
    m.put(MetricNames.BREAKER_STATE, "sluice_drain_breaker_state");
    m.put(MetricNames.DRAIN_STATE, "sluice_drain_state");
    m.put(MetricNames.DEAD_LETTERS, "sluice_drain_dead_lettered_events");
    m.put(MetricNames.DROPPED, "sluice_drain_dropped_events");
    m.put(MetricNames.REDRAINED_AFTER_ROLLBACK, "sluice_drain_redrained_after_rollback_events");
    m.put(MetricNames.LOST, "sluice_drain_lost_events");
    m.put(MetricNames.RETENTION_PARTITIONS, "sluice_retention_partitions_removed");
    m.put(MetricNames.RETENTION_ROWS, "sluice_retention_rows_removed");
    m.put(MetricNames.QUERY_LATENCY, "sluice_query_duration_seconds");
    m.put(MetricNames.QUERY_FAILURES, "sluice_query_failures");
    m.put(MetricNames.HEALTH_STATUS, "sluice_health_status");
    m.put(MetricNames.MAX_UNDRAINED_AGE, "sluice_health_max_undrained_age_seconds");
    String pool = MetricNames.POOLS + ".*.pool.";
    String role = "sluice_db_" + POOL_ROLE + "_pool_";
    m.put(pool + "ActiveConnections", role + "active_connections");
    m.put(pool + "IdleConnections", role + "idle_connections");
    m.put(pool + "TotalConnections", role + "connections");
    m.put(pool + "PendingConnections", role + "pending_threads");
    m.put(pool + "MaxConnections", role + "max_connections");
    m.put(pool + "MinConnections", role + "min_connections");
    m.put(pool + "Wait", role + "wait_duration_seconds");
    m.put(pool + "ConnectionTimeoutRate", role + "connection_timeouts");
    return Map.copyOf(m);
  }

  /**
   * The bridge's mapper for one instance on one spool. The instance name may hold dots, so the
   * patterns match it as that many parts and the label is a literal. Meters are listed twice: the
   * bridge looks their name up with {@code _total} appended, their labels without.
   */
  static CustomLabelMapper mapper(String instance, String spoolId) {
    int instanceParts = instance.split("\\.", -1).length;
    String prefix = "sluice." + "*.".repeat(instanceParts);
    List<MapperConfig> configs = new ArrayList<>();
    for (Map.Entry<String, String> e : NAMES.entrySet()) {
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("sluice_instance", instance);
      labels.put("spool", spoolId);
      String name = e.getValue().replace(POOL_ROLE, "${" + instanceParts + "}");
      configs.add(new MapperConfig(prefix + e.getKey(), name, labels));
      configs.add(new MapperConfig(prefix + e.getKey() + "_total", name, labels));
    }
    return new CustomLabelMapper(configs);
  }

  /** True when {@code dropwizardName} of {@code instance} is in the table (and so exported). */
  static boolean exported(String instance, String dropwizardName) {
    String prefix = MetricNames.name(instance, "");
    if (!dropwizardName.startsWith(prefix)) {
      return false;
    }
    String rest = dropwizardName.substring(prefix.length());
    return NAMES.keySet().stream().anyMatch(k -> glob(k).matcher(rest).matches());
  }

  private static Pattern glob(String key) {
    return Pattern.compile(Pattern.quote(key).replace("*", "\\E[^.]+\\Q"));
  }
}
