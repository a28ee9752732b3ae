package io.sluice.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SluiceHealth#toJson()}: the original design's names, and a lossless way back. */
class HealthJsonTest {
  private static final Instant AT = Instant.parse("2026-11-27T12:00:00.250Z");

  static SluiceHealth sample() {
    return new SluiceHealth(
        HealthStatus.DEGRADED,
        List.of("writer pool 100% used (threshold 90%)"),
        AT,
        Duration.ofSeconds(7200),
        new SluiceHealth.PoolUsage(4, 4, 0, 2),
        new SluiceHealth.PoolUsage(2, 1, 1, 0),
        1500,
        3,
        Duration.ofNanos(12_345_000),
        BreakerState.CLOSED,
        "DRAINING",
        "SQLSTATE 57P01 terminating connection",
        AT.minusSeconds(90),
        0,
        250,
        Duration.ofMillis(1500),
        1 << 20,
        2,
        5,
        3);
  }

  @Test
  void toJson_usesTheOriginalNamesInOrder() throws Exception {
    JsonNode n = new ObjectMapper().readTree(sample().toJson());
    List<String> keys = new ArrayList<>();
    n.fieldNames().forEachRemaining(keys::add);
    assertEquals(
        List.of(
            "status",
            "reasons",
            "checked_at",
            "pool_size",
            "pool_active",
            "pool_idle",
            "pool_pending",
            "pool_free",
            "pool_utilization_pct",
            "query_pool",
            "total_queries",
            "failed_queries",
            "avg_query_time_ms",
            "circuit_state",
            "drain_state",
            "last_error",
            "last_error_time",
            "recovery_attempts",
            "uptime_seconds",
            "backlog",
            "oldest_undrained_ms",
            "spool_bytes",
            "dead_letters",
            "dropped",
            "unreadable"),
        keys);
    assertEquals("DEGRADED", n.get("status").asText());
    assertEquals(4, n.get("pool_size").asInt());
    assertEquals(0, n.get("pool_free").asInt());
    assertEquals(100.0, n.get("pool_utilization_pct").asDouble());
    assertEquals(50.0, n.get("query_pool").get("utilization_pct").asDouble());
    assertEquals(12.345, n.get("avg_query_time_ms").asDouble());
    assertEquals("CLOSED", n.get("circuit_state").asText());
    assertEquals("2026-11-27T11:58:30.250Z", n.get("last_error_time").asText());
    assertEquals(7200, n.get("uptime_seconds").asLong());
    assertEquals(1500, n.get("oldest_undrained_ms").asLong());
    assertTrue(!sample().toJson().contains("\n"), "one line");
  }

  @Test
  void everyKey_isDocumentedInTheReadme() throws Exception {
    String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
    new ObjectMapper()
        .readTree(sample().toJson())
        .fieldNames()
        .forEachRemaining(
            k -> assertTrue(readme.contains("`" + k + "`"), k + " is not in README.md"));
  }

  @Test
  void fromJson_readsBackTheSameSnapshot() {
    assertEquals(sample(), SluiceHealth.fromJson(sample().toJson()));
  }

  @Test
  void toJson_withoutPools_writesNulls() throws Exception {
    SluiceHealth h =
        new SluiceHealth(
            HealthStatus.HEALTHY,
            List.of(),
            AT,
            Duration.ZERO,
            null,
            null,
            0,
            0,
            Duration.ZERO,
            null,
            "DISABLED",
            null,
            null,
            0,
            -1,
            null,
            0,
            -1,
            0,
            0);
    JsonNode n = new ObjectMapper().readTree(h.toJson());
    assertTrue(n.get("pool_size").isNull() && n.get("query_pool").isNull());
    assertTrue(n.get("circuit_state").isNull() && n.get("oldest_undrained_ms").isNull());
    assertEquals(h, SluiceHealth.fromJson(h.toJson()));
  }

  @Test
  void fromJson_ofSomethingElse_isRefusedWithTheReason() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> SluiceHealth.fromJson("{\"status\":\"FINE\"}"));
    assertTrue(e.getMessage().startsWith("Not a Sluice health object"), e.getMessage());
  }
}
