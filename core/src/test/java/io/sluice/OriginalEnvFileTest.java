package io.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.model.SluiceConfig;
import io.sluice.model.TraceEvent;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.Rows;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original design's {@code .env} works unchanged: its database block, pool block included
 * ({@code POSTGRES_POOL_EXHAUSTION_THRESHOLD=80.0} is a percentage there and here), starts a Sluice
 * that drains.
 */
class OriginalEnvFileTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;

  @Test
  void originalEnvBlock_startsSluice_withItsPoolSettings_andDrains() throws Exception {
    URI url = URI.create(postgres.database().jdbcUrl().substring("jdbc:".length()));
    Map<String, String> env = new HashMap<>();
    env.put("POSTGRES_HOST", url.getHost());
    env.put("POSTGRES_PORT", String.valueOf(url.getPort()));
    env.put("POSTGRES_DATABASE", url.getPath().substring(1));
    env.put("POSTGRES_USER", postgres.database().user());
    String password = postgres.database().password();
    env.put("POSTGRES_PASSWORD", password != null ? password : "not-the-original-secret-7f3a");
    env.put("POSTGRES_POOL_MIN_SIZE", "5");
    env.put("POSTGRES_POOL_MAX_SIZE", "20");
    env.put("POSTGRES_POOL_EXHAUSTION_THRESHOLD", "80.0");
    env.put("POSTGRES_MAX_QUERIES_PER_CONNECTION", "10000");
    env.put("POSTGRES_CONNECTION_MAX_AGE", "3600");
    env.put("SLUICE_SPOOL_DIR", tmp.resolve("spool").toString());

    SluiceConfig config =
        SluiceConfig.fromEnvironment(env).flushInterval(Duration.ofMillis(20)).build();
    assertEquals(5, config.database().poolMinSize());
    assertEquals(20, config.database().poolMaxSize());
    assertEquals(10_000, config.database().maxQueriesPerConnection());
    assertEquals(Duration.ofHours(1), config.database().connectionMaxAge());
    assertEquals(0.8, config.operations().poolExhaustionThreshold(), 1e-12);

    try (Sluice sluice = Sluice.start(config)) {
      for (int i = 0; i < 100; i++) {
        sluice.append(TraceEvent.builder().traceId("env-" + i).eventType("step").build());
      }
      assertTrue(sluice.awaitDrained(Duration.ofSeconds(60)), String.valueOf(sluice.status()));
      assertEquals(20, sluice.health().writerPool().maxSize());
    }
    try (Connection c = postgres.connect()) {
      assertEquals(100, Rows.count(c, "trace_events"));
    }
  }
}
