package io.sluice.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.model.SluiceHealth.PoolUsage;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of {@link SluiceHealth}: the original design's names for what it defined, Sluice's
 * own for the rest. One object, keys in this order:
 *
 * <pre>
 * key                   value
 * status                HEALTHY, DEGRADED, RECOVERING, UNHEALTHY
 * reasons               [one line per matched condition, worst first]
 * checked_at            ISO-8601 UTC
 * pool_size             the drainer's pool: most connections; null when this process does not drain
 * pool_active           connections in use (null likewise)
 * pool_idle             connections open and free
 * pool_pending          threads waiting for a connection
 * pool_free             pool_size - pool_active
 * pool_utilization_pct  100 * pool_active / pool_size
 * query_pool            the same six for the query API's pool ({size, active, idle, pending, free,
 *                       utilization_pct}), or null when no query ran
 * total_queries         database operations since start: drainer batches and queries
 * failed_queries        of those, the failed ones
 * avg_query_time_ms     mean duration of the last 1,000 of them, milliseconds
 * circuit_state         CLOSED, OPEN, HALF_OPEN; null when this process does not drain
 * drain_state           DRAINING, RETRYING, ..., DISABLED, UNKNOWN
 * last_error            the last failure's message (never a password), or null
 * last_error_time       ISO-8601 UTC, or null
 * recovery_attempts     failed attempts since the last success
 * uptime_seconds        since the instance started (whole seconds)
 * backlog               events not yet committed; -1 unknown
 * oldest_undrained_ms   age of the oldest of them; null unknown
 * spool_bytes           bytes the spool uses on disk
 * dead_letters          events set aside, ever; -1 unknown
 * dropped               events dropped
 * unreadable            events lost to damaged spool files, ever (see SluiceStatus.unreadable)
 * </pre>
 *
 * Readers ignore keys they do not know, so keys may be added. Stateless.
 */
final class HealthJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HealthJson() {}

  static String write(SluiceHealth h) {
    try {
      return JSON.writeValueAsString(toMap(h));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write health as JSON: " + e.getMessage(), e);
    }
  }

  static Map<String, Object> toMap(SluiceHealth h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", h.status().name());
    m.put("reasons", h.reasons());
    m.put("checked_at", h.checkedAt().toString());
    PoolUsage w = h.writerPool();
    m.put("pool_size", w == null ? null : w.maxSize());
    m.put("pool_active", w == null ? null : w.active());
    m.put("pool_idle", w == null ? null : w.idle());
    m.put("pool_pending", w == null ? null : w.pending());
    m.put("pool_free", w == null ? null : w.free());
    m.put("pool_utilization_pct", w == null ? null : w.utilizationPercent());
    m.put("query_pool", pool(h.queryPool()));
    m.put("total_queries", h.totalQueries());
    m.put("failed_queries", h.failedQueries());
    m.put("avg_query_time_ms", h.averageQueryTime().toNanos() / 1e6);
    m.put("circuit_state", h.breakerState() == null ? null : h.breakerState().name());
    m.put("drain_state", h.drainState());
    m.put("last_error", h.lastError());
    m.put("last_error_time", h.lastErrorAt() == null ? null : h.lastErrorAt().toString());
    m.put("recovery_attempts", h.recoveryAttempts());
    m.put("uptime_seconds", h.uptime().toSeconds());
    m.put("backlog", h.backlog());
    m.put(
        "oldest_undrained_ms",
        h.oldestUndrainedAge() == null ? null : h.oldestUndrainedAge().toMillis());
    m.put("spool_bytes", h.spoolBytes());
    m.put("dead_letters", h.deadLetters());
    m.put("dropped", h.dropped());
    m.put("unreadable", h.unreadable());
    return m;
  }

  private static Map<String, Object> pool(PoolUsage p) {
    if (p == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("size", p.maxSize());
    m.put("active", p.active());
    m.put("idle", p.idle());
    m.put("pending", p.pending());
    m.put("free", p.free());
    m.put("utilization_pct", p.utilizationPercent());
    return m;
  }

  static SluiceHealth read(String json) {
    try {
      return read(JSON.readTree(json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Not a Sluice health object: "
              + e.getOriginalMessage()
              + " (expected the JSON of SluiceHealth.toJson()).",
          e);
    }
  }

  static SluiceHealth read(JsonNode n) {
    try {
      List<String> reasons = new ArrayList<>();
      n.path("reasons").forEach(r -> reasons.add(r.asText()));
      PoolUsage writer =
          n.path("pool_size").isNumber()
              ? new PoolUsage(
                  n.path("pool_size").asInt(),
                  n.path("pool_active").asInt(),
                  n.path("pool_idle").asInt(),
                  n.path("pool_pending").asInt())
              : null;
      JsonNode q = n.path("query_pool");
      PoolUsage query =
          q.isObject()
              ? new PoolUsage(
                  q.path("size").asInt(),
                  q.path("active").asInt(),
                  q.path("idle").asInt(),
                  q.path("pending").asInt())
              : null;
      return new SluiceHealth(
          HealthStatus.valueOf(n.path("status").asText()),
          reasons,
          Instant.parse(n.path("checked_at").asText()),
          Duration.ofSeconds(n.path("uptime_seconds").asLong()),
          writer,
          query,
          n.path("total_queries").asLong(),
          n.path("failed_queries").asLong(),
          Duration.ofNanos(Math.round(n.path("avg_query_time_ms").asDouble() * 1e6)),
          breaker(text(n, "circuit_state")),
          text(n, "drain_state"),
          text(n, "last_error"),
          text(n, "last_error_time") == null ? null : Instant.parse(text(n, "last_error_time")),
          n.path("recovery_attempts").asLong(),
          n.path("backlog").asLong(-1),
          n.path("oldest_undrained_ms").isNumber()
              ? Duration.ofMillis(n.path("oldest_undrained_ms").asLong())
              : null,
          n.path("spool_bytes").asLong(),
          n.path("dead_letters").asLong(-1),
          n.path("dropped").asLong(),
          n.path("unreadable").asLong());
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "Not a Sluice health object: "
              + e.getMessage()
              + " (expected the JSON of SluiceHealth.toJson()).",
          e);
    }
  }

  private static String text(JsonNode n, String key) {
    JsonNode v = n.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static BreakerState breaker(String name) {
    if (name == null) {
      return null;
    }
    try {
      return BreakerState.valueOf(name);
    } catch (IllegalArgumentException e) {
      return null; // written by a newer version
    }
  }
}
