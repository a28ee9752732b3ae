package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.Sluice;
import io.sluice.model.SluiceConfig;
import io.sluice.model.TraceEvent;
import io.sluice.testing.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice fleet} as a real process: three spools (3, 5 and 7 events) drained into one
 * database; the command, given only the database (no spool folder), lists each checkpoint row.
 */
class FleetIT {
  private static final int[] EVENTS = {3, 5, 7};

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;
  private final Map<String, Integer> committedBySpool = new HashMap<>();

  @BeforeEach
  void threeSpoolsDrained() {
    for (int s = 0; s < EVENTS.length; s++) {
      SluiceConfig config =
          SluiceConfig.builder()
              .spoolDirectory(tmp.resolve("spool-" + s))
              .database(postgres.database())
              .build();
      try (Sluice sluice = Sluice.start(config)) {
        for (int i = 0; i < EVENTS[s]; i++) {
          sluice.append(TraceEvent.builder().traceId("s" + s + "-" + i).eventType("e").build());
        }
        assertTrue(sluice.awaitDrained(Duration.ofSeconds(60)));
        committedBySpool.put(sluice.spoolId(), EVENTS[s]);
      }
    }
  }

  @Test
  void fleetJson_everySpoolsCheckpointRow_withoutASpoolFolder() throws Exception {
    Path elsewhere = Files.createDirectories(tmp.resolve("no-spool-here"));
    Launcher.Result r =
        new Launcher(elsewhere).database(postgres.database()).run("fleet", "--json");
    assertEquals(0, r.exitCode(), r::toString);
    JsonNode json = r.json();
    Map<String, Integer> seen = new HashMap<>();
    for (JsonNode spool : json.get("spools")) {
      seen.put(spool.get("spool_id").asText(), spool.get("committed").asInt());
      assertTrue(spool.get("lag_ms").asLong() >= 0, r::toString);
      assertEquals(0, spool.get("dead_lettered").asInt(), r::toString);
    }
    assertAll(
        () -> assertEquals(committedBySpool, seen, r::toString),
        () -> assertEquals(3, json.get("spool_count").asInt(), r::toString),
        () -> assertEquals(15, json.get("committed").asInt(), r::toString),
        () -> assertTrue(json.get("backlog").isNull(), r::toString),
        () -> assertFalse(Files.exists(elsewhere.resolve("spool")), "made a spool folder"));
  }

  @Test
  void fleetTable_onAMultiHostList_firstHostDown_listsTheSpoolsFromTheSecond() throws Exception {
    Matcher url =
        Pattern.compile("jdbc:postgresql://([^/:]+):(\\d+)/([^?]+)")
            .matcher(postgres.database().jdbcUrl());
    assertTrue(url.matches(), postgres.database().jdbcUrl());
    Launcher.Result r =
        new Launcher(tmp)
            .env("POSTGRES_HOST", "127.0.0.1:1," + url.group(1))
            .env("POSTGRES_PORT", url.group(2))
            .env("POSTGRES_DATABASE", url.group(3))
            .env("POSTGRES_USER", postgres.database().user())
            .run("fleet");
    assertEquals(0, r.exitCode(), r::toString);
    for (String id : committedBySpool.keySet()) {
      assertTrue(r.stdout().contains(id), r::toString);
    }
    assertTrue(r.stdout().contains("3 spool(s)"), r::toString);
    assertTrue(r.stdout().contains("BACKLOG"), r::toString);
  }

  @Test
  void fleet_databaseUnreachable_oneLineExit1_noPassword() throws Exception {
    Launcher.Result r =
        new Launcher(tmp)
            .env("POSTGRES_HOST", "127.0.0.1:1,127.0.0.1:2")
            .env("POSTGRES_PASSWORD", "fleet-s3cret")
            .run("fleet");
    assertAll(
        () -> assertEquals(1, r.exitCode(), r::toString),
        () -> assertEquals(1, r.stderrLines().size(), r::toString),
        () -> assertTrue(r.stderr().contains("Cannot read the spool checkpoints"), r::toString),
        () -> assertFalse(r.stderr().contains("fleet-s3cret"), r::toString),
        () -> assertFalse(r.stdout().contains("fleet-s3cret"), r::toString));
  }

  @Test
  void fleet_malformedHostList_usageErrorNamingTheVariable() throws Exception {
    Launcher.Result r = new Launcher(tmp).env("POSTGRES_HOST", "db1,,db2").run("fleet");
    assertAll(
        () -> assertEquals(2, r.exitCode(), r::toString),
        () -> assertTrue(r.stderr().contains("POSTGRES_HOST"), r::toString),
        () -> assertTrue(r.stderr().contains("host 2 of 3 is empty"), r::toString));
  }
}
