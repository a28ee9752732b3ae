package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.model.BreakerState;
import io.sluice.model.DatabaseConfig;
import io.sluice.Sluice;
import io.sluice.model.SluiceConfig;
import io.sluice.model.TraceEvent;
import io.sluice.internal.ops.StatusFile;
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
    Eventually.until("a status file with " + drainState + "/" + breaker, Duration.ofSeconds(30),
        () -> StatusFile.readAll(spool()).stream().anyMatch(s -> drainState.equals(s.drainState())
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
      awaitPublished("DRAINING", BreakerState.CLOSED);

      Launcher.Result r = new Launcher(tmp).database(postgres.database())
          .run("health", "--json", "--spool", spool().toString());

      assertEquals(0, r.exitCode(), r::toString);
      assertEquals("HEALTHY", r.json().get("status").asText(), r::toString);
      assertEquals("DRAINING", r.json().get("drain_state").asText(), r::toString);
      assertEquals("CLOSED", r.json().get("breaker_state").asText(), r::toString);
    }
  }

  @Test
  void health_liveDrainerWithItsBreakerOpen_isUnhealthyAndExits1() throws Exception {
    DatabaseConfig nowhere = DatabaseConfig.builder()
        .jdbcUrl("jdbc:postgresql://127.0.0.1:1/nowhere")
        .user("app")
        .build();
    SluiceConfig config = SluiceConfig.builder().spoolDirectory(spool()).database(nowhere)
        .breakerFailureThreshold(1).breakerOpenDuration(Duration.ofHours(1)).build();
    try (Sluice sluice = Sluice.start(config)) {
      sluice.append(TraceEvent.builder().traceId("t").eventType("e").build());
      awaitPublished("RETRYING", BreakerState.OPEN);

      // This process reaches the database; only the drainer's own status says it cannot.
      Launcher.Result r = new Launcher(tmp).database(postgres.database())
          .run("health", "--json", "--spool", spool().toString());

      assertEquals(1, r.exitCode(), r::toString);
      assertEquals("UNHEALTHY", r.json().get("status").asText(), r::toString);
      assertTrue(r.json().get("reasons").get(0).asText().startsWith("circuit breaker OPEN"),
          r::toString);
      assertEquals("OPEN", r.json().get("breaker_state").asText(), r::toString);
    }
  }

  @Test
  void health_drainedSpoolAndReachableDatabase_isHealthyAndExits0() throws Exception {
    drainedSpool();

    Launcher.Result r = new Launcher(tmp).database(postgres.database())
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
    Launcher down = new Launcher(tmp)
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
    Launcher.Result r = new Launcher(tmp).database(postgres.database())
        .run("health", "--spool", tmp.resolve("nothing-here").toString());

    assertEquals(2, r.exitCode(), r::toString);
    assertEquals(1, r.stderrLines().size(), r::toString);
  }
}
