package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.Sluice;
import io.sluice.inspect.LiveProcesses;
import io.sluice.internal.ops.StatusFile;
import io.sluice.model.BreakerState;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.SluiceConfig;
import io.sluice.model.TraceEvent;
import io.sluice.query.TraceQuery;
import io.sluice.testing.Eventually;
import io.sluice.testing.PostgresExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice health} as a real process: its status and exit code per situation. */
class HealthIT {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;

  private Path spool() {
    return tmp.resolve("spool");
  }

  /** A spool whose 50 events are all committed, and no process left running on it. */
  private void drainedSpool() {
    SluiceConfig config =
        SluiceConfig.builder().spoolDirectory(spool()).database(postgres.database()).build();
    try (Sluice sluice = Sluice.start(config)) {
      for (int i = 0; i < 50; i++) {
        sluice.append(TraceEvent.builder().traceId("t-" + i).eventType("tool_call").build());
      }
      assertTrue(sluice.awaitDrained(Duration.ofSeconds(60)), "did not drain");
    }
  }

  /** Waits until the running Sluice's status file in the spool folder shows {@code drainState}. */
  private void awaitPublished(String drainState, BreakerState breaker) {
    Eventually.until(
        "a status file with " + drainState + "/" + breaker,
        Duration.ofSeconds(30),
        () ->
            StatusFile.readAll(spool()).stream()
                .anyMatch(
                    s ->
                        drainState.equals(s.drainState())
                            && breaker.name().equals(s.breakerState())),
        () -> StatusFile.readAll(spool()));
  }

  @Test
  void health_liveDrainerKeepingUp_isHealthyAndShowsItsState() throws Exception {
    SluiceConfig config =
        SluiceConfig.builder().spoolDirectory(spool()).database(postgres.database()).build();
    try (Sluice sluice = Sluice.start(config)) {
      sluice.append(TraceEvent.builder().traceId("t").eventType("e").build());
      assertTrue(sluice.awaitDrained(Duration.ofSeconds(60)), "did not drain");
      assertEquals(1, sluice.queries().traces(TraceQuery.builder().build()).items().size());
      awaitPublished("DRAINING", BreakerState.CLOSED);
      Eventually.until(
          "the published health shows the query pool",
          Duration.ofSeconds(30),
          () ->
              LiveProcesses.in(spool()).all().stream()
                  .anyMatch(p -> p.health() != null && p.health().queryPool() != null),
          () -> LiveProcesses.in(spool()).all());

      Launcher.Result r =
          new Launcher(tmp)
              .database(postgres.database())
              .run("health", "--json", "--spool", spool().toString());

      assertEquals(0, r.exitCode(), r::toString);
      JsonNode h = r.json();
      assertEquals("HEALTHY", h.get("status").asText(), r::toString);
      assertEquals("DRAINING", h.get("drain_state").asText(), r::toString);
      assertEquals("CLOSED", h.get("circuit_state").asText(), r::toString);
      // the whole model, under the original design's names, from the live drainer's status file
      assertEquals(DatabaseConfig.DEFAULT_POOL_MAX_SIZE, h.get("pool_size").asInt(), r::toString);
      assertEquals(
          h.get("pool_size").asInt() - h.get("pool_active").asInt(), h.get("pool_free").asInt());
      assertTrue(h.get("pool_utilization_pct").isNumber(), r::toString);
      assertEquals(2, h.get("query_pool").get("size").asInt(), r::toString);
      assertTrue(h.get("total_queries").asLong() >= 2, r::toString); // a batch and the query
      assertEquals(0, h.get("failed_queries").asLong(), r::toString);
      assertTrue(h.get("avg_query_time_ms").asDouble() > 0, r::toString);
      assertTrue(h.get("last_error").isNull(), r::toString);
      assertTrue(h.has("last_error_time") && h.get("last_error_time").isNull(), r::toString);
      assertEquals(0, h.get("recovery_attempts").asLong(), r::toString);
      assertTrue(h.get("uptime_seconds").isIntegralNumber(), r::toString);
      assertEquals(0, h.get("backlog").asLong(), r::toString);
      assertEquals(0, h.get("oldest_undrained_ms").asLong(), r::toString);
      assertTrue(h.get("spool_bytes").asLong() > 0, r::toString);
      assertEquals(0, h.get("dead_letters").asLong(), r::toString);
      assertEquals(0, h.get("dropped").asLong(), r::toString);

      Launcher.Result table =
          new Launcher(tmp)
              .database(postgres.database())
              .run("health", "--spool", spool().toString());
      assertTrue(
          table.stdout().matches("(?s).*\\nwriter pool +\\d of 6 in use.*"), table::toString);
      assertTrue(table.stdout().contains("uptime"), table::toString);
    }
  }

  @Test
  void health_liveDrainerWithItsBreakerOpen_isUnhealthyAndExits1() throws Exception {
    DatabaseConfig nowhere =
        DatabaseConfig.builder()
            .jdbcUrl("jdbc:postgresql://127.0.0.1:1/nowhere")
            .user("app")
            .build();
    SluiceConfig config =
        SluiceConfig.builder()
            .spoolDirectory(spool())
            .database(nowhere)
            .breakerFailureThreshold(1)
            .breakerOpenDuration(Duration.ofHours(1))
            .build();
    try (Sluice sluice = Sluice.start(config)) {
      sluice.append(TraceEvent.builder().traceId("t").eventType("e").build());
      awaitPublished("RETRYING", BreakerState.OPEN);

      // This process reaches the database; only the drainer's own status says it cannot.
      Launcher.Result r =
          new Launcher(tmp)
              .database(postgres.database())
              .run("health", "--json", "--spool", spool().toString());

      assertEquals(1, r.exitCode(), r::toString);
      assertEquals("UNHEALTHY", r.json().get("status").asText(), r::toString);
      assertTrue(
          r.json().get("reasons").get(0).asText().startsWith("circuit breaker OPEN"), r::toString);
      assertEquals("OPEN", r.json().get("circuit_state").asText(), r::toString);
      assertTrue(r.json().get("recovery_attempts").asLong() >= 1, r::toString);
      assertTrue(r.json().get("last_error_time").isTextual(), r::toString);
    }
  }

  @Test
  void health_drainedSpoolAndReachableDatabase_isHealthyAndExits0() throws Exception {
    drainedSpool();

    Launcher.Result r =
        new Launcher(tmp)
            .database(postgres.database())
            .run("health", "--json", "--spool", spool().toString());

    assertEquals(0, r.exitCode(), r::toString);
    JsonNode h = r.json();
    assertEquals("HEALTHY", h.get("status").asText(), r::toString);
    assertEquals(0, h.get("backlog").asLong());
    assertEquals(0, h.get("reasons").size(), r::toString);
    assertTrue(h.get("last_error").isNull(), r::toString);
  }

  @Test
  void health_unreachableDatabase_isUnhealthyAndExits1() throws Exception {
    drainedSpool();
    Launcher down =
        new Launcher(tmp)
            .env("SLUICE_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/nowhere")
            .env("POSTGRES_USER", "app");

    Launcher.Result json = down.run("health", "--json", "--spool", spool().toString());
    Launcher.Result table = down.run("health", "--spool", spool().toString());

    assertEquals(1, json.exitCode(), json::toString);
    assertEquals("UNHEALTHY", json.json().get("status").asText(), json::toString);
    String reason = json.json().get("reasons").get(0).asText();
    assertTrue(reason.contains("PostgreSQL cannot be read"), json::toString);
    assertEquals(1, table.exitCode(), table::toString);
    assertTrue(table.stdout().startsWith("status            UNHEALTHY"), table::toString);
    assertFalse(table.stdout().contains("Exception"), table::toString);
  }

  @Test
  void health_backlogAndNoDrainer_isDegradedAndExits0() throws Exception {
    Launcher sluice = new Launcher(tmp).database(postgres.database());
    Launcher.Result load = sluice.run("load", "--events", "100", "--spool", spool().toString());
    assertEquals(0, load.exitCode(), load::toString);

    Launcher.Result r = sluice.run("health", "--json", "--spool", spool().toString());

    assertEquals(0, r.exitCode(), r::toString);
    assertEquals("DEGRADED", r.json().get("status").asText(), r::toString);
    assertEquals(100, r.json().get("backlog").asLong(), r::toString);
    String reason = r.json().get("reasons").get(0).asText();
    assertTrue(reason.contains("no live process drains it"), r::toString);
  }

  @Test
  void health_onAMissingSpool_printsOneLineAndExits2() throws Exception {
    Launcher.Result r =
        new Launcher(tmp)
            .database(postgres.database())
            .run("health", "--spool", tmp.resolve("nothing-here").toString());

    assertEquals(2, r.exitCode(), r::toString);
    assertEquals(1, r.stderrLines().size(), r::toString);
  }
}
