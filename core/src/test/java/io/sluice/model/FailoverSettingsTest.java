package io.sluice.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SLUICE_KEEP_COMMITTED, SLUICE_COMMIT_DURABILITY, SLUICE_ON_LOST_RANGE: defaults and refusals. */
class FailoverSettingsTest {
  private static SluiceConfig fromEnv(Map<String, String> env) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("SLUICE_SPOOL_DIR", "/tmp/spool-x");
    return SluiceConfig.fromEnvironment(all).build();
  }

  @Test
  void defaults_keepFiveMinutes_localDurability_haltOnLostRange() {
    SluiceConfig c = fromEnv(Map.of());
    assertEquals(Duration.ofMinutes(5), c.keepCommitted());
    assertEquals(CommitDurability.LOCAL, c.commitDurability());
    assertEquals(LostRangePolicy.HALT, c.onLostRange());
  }

  @Test
  void environment_acceptsShortAndIsoDurationsAndEnumNamesInAnyCase() {
    assertEquals(
        Duration.ofMinutes(10), fromEnv(Map.of("SLUICE_KEEP_COMMITTED", "10m")).keepCommitted());
    assertEquals(
        Duration.ofSeconds(90), fromEnv(Map.of("SLUICE_KEEP_COMMITTED", "PT90S")).keepCommitted());
    assertEquals(Duration.ZERO, fromEnv(Map.of("SLUICE_KEEP_COMMITTED", "0")).keepCommitted());
    SluiceConfig c =
        fromEnv(
            Map.of("SLUICE_COMMIT_DURABILITY", "replicated", "SLUICE_ON_LOST_RANGE", "Continue"));
    assertEquals(CommitDurability.REPLICATED, c.commitDurability());
    assertEquals(LostRangePolicy.CONTINUE, c.onLostRange());
  }

  @Test
  void environment_badValues_areRefusedNamingTheVariableAndTheRule() {
    IllegalArgumentException keep =
        assertThrows(
            IllegalArgumentException.class,
            () -> fromEnv(Map.of("SLUICE_KEEP_COMMITTED", "five minutes")));
    assertTrue(keep.getMessage().contains("SLUICE_KEEP_COMMITTED"), keep.getMessage());
    assertTrue(keep.getMessage().contains("5m"), keep.getMessage());
    IllegalArgumentException durability =
        assertThrows(
            IllegalArgumentException.class,
            () -> fromEnv(Map.of("SLUICE_COMMIT_DURABILITY", "sync")));
    assertTrue(durability.getMessage().contains("local, replicated"), durability.getMessage());
    IllegalArgumentException lost =
        assertThrows(
            IllegalArgumentException.class, () -> fromEnv(Map.of("SLUICE_ON_LOST_RANGE", "skip")));
    assertTrue(lost.getMessage().contains("halt, continue"), lost.getMessage());
  }

  @Test
  void builder_keepCommittedOutOfRange_isRefusedNamingTheField() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SluiceConfig.builder().keepCommitted(Duration.ofDays(8)));
    assertTrue(e.getMessage().startsWith("keepCommitted is PT192H"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> SluiceConfig.builder().keepCommitted(Duration.ofSeconds(-1)));
  }
}
