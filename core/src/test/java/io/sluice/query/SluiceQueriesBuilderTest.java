package io.sluice.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.model.DatabaseConfig;
import io.sluice.model.OperationsConfig;
import io.sluice.model.SluiceConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The query builder takes exactly what the configuration takes for the same settings. */
class SluiceQueriesBuilderTest {
  private final SluiceQueries.Builder b = SluiceQueries.builder(DatabaseConfig.builder().build());

  @Test
  void instanceName_refusesWhatSluiceConfigRefuses_withTheSameMessage() {
    for (String bad : new String[] {"", "has space", "x".repeat(65), null}) {
      assertEquals(
          message(() -> SluiceConfig.builder().instanceName(bad)),
          message(() -> b.instanceName(bad)));
    }
    b.instanceName("x".repeat(64)); // the longest allowed
  }

  @Test
  void maxConnections_hasTheRangeOfQueryPoolSize() {
    for (int bad : new int[] {0, 33}) {
      message(() -> OperationsConfig.builder().queryPoolSize(bad));
      assertEquals(
          "maxConnections is " + bad + " (expected 1 to 32)", message(() -> b.maxConnections(bad)));
    }
    b.maxConnections(1).maxConnections(32);
  }

  @Test
  void statementTimeout_hasTheRangeOfQueryTimeout() {
    for (Duration bad : new Duration[] {Duration.ofMillis(99), Duration.ofMinutes(11), null}) {
      message(() -> OperationsConfig.builder().queryTimeout(bad));
      message(() -> b.statementTimeout(bad));
    }
    b.statementTimeout(Duration.ofMillis(100)).statementTimeout(Duration.ofMinutes(10));
  }

  private static String message(Executable call) {
    return assertThrows(IllegalArgumentException.class, call).getMessage();
  }
}
