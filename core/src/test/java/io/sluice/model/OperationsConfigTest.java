package io.sluice.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperationsConfigTest {
  @Test
  void defaults_matchTheDocumentedTable() {
    OperationsConfig c = OperationsConfig.defaults();
    assertEquals(30, c.retentionDays(EventKind.TRACE));
    assertEquals(90, c.retentionDays(EventKind.ROUTING));
    assertEquals(180, c.retentionDays(EventKind.METRIC));
    assertEquals(90, c.retentionDays(EventKind.TRANSFORMATION));
    assertEquals(Duration.ofDays(1), c.retentionInterval());
    assertEquals(Duration.ofSeconds(60), c.healthCheckInterval());
    assertEquals(0.9, c.poolExhaustionThreshold());
    assertFalse(c.prometheusEnabled());
    assertEquals("127.0.0.1", c.prometheusHost());
  }

  @Test
  void fromEnvironment_readsEveryVariable() {
    OperationsConfig c =
        OperationsConfig.fromEnvironment(
                Map.of(
                    "SLUICE_RETENTION_TRACE_DAYS", "7",
                    "SLUICE_RETENTION_METRIC_DAYS", "365",
                    "SLUICE_RETENTION_ENABLED", "false",
                    "SLUICE_HEALTH_INTERVAL_SECONDS", "15",
                    "POSTGRES_POOL_EXHAUSTION_THRESHOLD", "75",
                    "SLUICE_MAX_UNDRAINED_AGE_SECONDS", "120",
                    "SLUICE_PROMETHEUS_PORT", "9999",
                    "SLUICE_QUERY_POOL_SIZE", "3"))
            .build();
    assertEquals(7, c.retentionDays(EventKind.TRACE));
    assertEquals(365, c.retentionDays(EventKind.METRIC));
    assertEquals(90, c.retentionDays(EventKind.ROUTING));
    assertFalse(c.retentionEnabled());
    assertEquals(Duration.ofSeconds(15), c.healthCheckInterval());
    assertEquals(0.75, c.poolExhaustionThreshold());
    assertEquals(Duration.ofMinutes(2), c.maxUndrainedAge());
    assertTrue(c.prometheusEnabled());
    assertEquals(9999, c.prometheusPort());
    assertEquals(3, c.queryPoolSize());
  }

  @Test
  void poolExhaustionThresholdVariable_isAPercentage_asInTheOriginalEnvFile() {
    OperationsConfig c =
        OperationsConfig.fromEnvironment(Map.of("POSTGRES_POOL_EXHAUSTION_THRESHOLD", "80.0"))
            .build();
    assertEquals(0.8, c.poolExhaustionThreshold(), 1e-12);
  }

  @Test
  void badValues_areRejectedNamingFieldOrVariable() {
    assertTrue(
        message(() -> OperationsConfig.builder().retentionDays(EventKind.TRACE, 0))
            .contains("retentionDays(TRACE) is 0"));
    assertTrue(
        message(() -> OperationsConfig.builder().poolExhaustionThreshold(1.5))
            .contains("poolExhaustionThreshold is 1.5"));
    assertTrue(
        message(() -> OperationsConfig.fromEnvironment(Map.of("SLUICE_RETENTION_TRACE_DAYS", "0")))
            .contains("SLUICE_RETENTION_TRACE_DAYS"));
    assertTrue(
        message(
                () ->
                    OperationsConfig.fromEnvironment(
                        Map.of("POSTGRES_POOL_EXHAUSTION_THRESHOLD", "high")))
            .contains("POSTGRES_POOL_EXHAUSTION_THRESHOLD"));
    assertTrue(
        message(
                () ->
                    OperationsConfig.fromEnvironment(
                        Map.of("POSTGRES_POOL_EXHAUSTION_THRESHOLD", "0.9")))
            .contains(
                "POSTGRES_POOL_EXHAUSTION_THRESHOLD is 0.9 (expected a percentage from 1 to 100"));
    assertTrue(
        message(
                () ->
                    OperationsConfig.fromEnvironment(
                        Map.of("POSTGRES_POOL_EXHAUSTION_THRESHOLD", "120")))
            .contains("POSTGRES_POOL_EXHAUSTION_THRESHOLD is 120"));
    assertTrue(
        message(() -> OperationsConfig.fromEnvironment(Map.of("SLUICE_RETENTION_ENABLED", "maybe")))
            .contains("SLUICE_RETENTION_ENABLED"));
    assertTrue(
        message(() -> OperationsConfig.builder().prometheus("127.0.0.1", 70_000))
            .contains("prometheusPort is 70000"));
  }

  private static String message(org.junit.jupiter.api.function.Executable e) {
    return assertThrows(IllegalArgumentException.class, e).getMessage();
  }
}
