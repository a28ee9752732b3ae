package io.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.internal.codec.EventDecoder;
import io.sluice.internal.drain.DeadLetterSpool;
import io.sluice.model.AgentTransformation;
import io.sluice.model.BreakerState;
import io.sluice.model.DeadLetter;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingDecision;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceStatus;
import io.sluice.model.SpooledEvent;
import io.sluice.model.TraceEvent;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.Rows;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows PostgreSQL rejects although Sluice's validation accepts them (here: a CHECK constraint and a
 * narrowed column added to the live schema) are set aside in the dead-letter spool; every other
 * event of their batch commits, and the breaker never opens.
 */
class DeadLetterTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;

  private SluiceConfig.Builder config() {
    return SluiceConfig.builder()
        .spoolDirectory(tmp.resolve("spool"))
        .database(postgres.database())
        .flushInterval(Duration.ofMillis(20))
        .breakerOpenDuration(Duration.ofMillis(200));
  }

  private static TraceEvent trace(String message) {
    return TraceEvent.builder().traceId("t").eventType("step").message(message).build();
  }

  /**
   * Creates the schema (the drainer migrates on first connect) and returns the event it drained.
   */
  private UUID createSchema() {
    try (Sluice sluice = Sluice.start(config().build())) {
      UUID id = sluice.append(trace("bootstrap"));
      assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
      return id;
    }
  }

  private List<DeadLetter> deadLetters() {
    List<DeadLetter> letters = new ArrayList<>();
    try (DeadLetterSpool spool = DeadLetterSpool.open(tmp.resolve("spool"))) {
      spool.forEach(letters::add);
    }
    return letters;
  }

  @Test
  void drain_rowsViolatingACheckConstraint_areDeadLetteredAndTheRestCommits() throws Exception {
    UUID bootstrap = createSchema();
    try (Connection c = postgres.connect()) {
      Rows.execute(
          c,
          "ALTER TABLE agent_observability.trace_events"
              + " ADD CONSTRAINT no_poison CHECK (message <> 'poison')");
    }
    // spooled first, drained after, so batches are exactly 100 events: 0 and 99 are the first and
    // last of one batch, 100 the first of the next, 501 and 502 neighbours
    Set<Integer> poisonAt = Set.of(0, 99, 100, 350, 501, 502, 999);
    Set<UUID> good = new HashSet<>();
    Set<UUID> poison = new HashSet<>();
    try (Sluice writer = Sluice.start(config().drainEnabled(false).build())) {
      for (int i = 0; i < 1_000; i++) {
        boolean bad = poisonAt.contains(i);
        UUID id = writer.append(trace(bad ? "poison" : "fine " + i));
        (bad ? poison : good).add(id);
      }
    }

    try (Sluice sluice = Sluice.start(config().maxBatchEvents(100).build())) {
      assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
      SluiceStatus status = sluice.status();
      assertEquals(994, status.committed(), status.toString());
      assertEquals(7, status.deadLettered(), status.toString());
      assertEquals(0, status.backlog(), status.toString());
      assertEquals(1_001, status.spooledRecords(), status.toString());
      assertEquals(status.spooledRecords(), status.committed() + status.deadLettered());
      assertEquals(status.appended(), status.committed() + status.deadLettered());
      assertEquals(BreakerState.CLOSED, status.breakerState(), status.toString());
      assertEquals("DRAINING", status.drainState(), status.toString());
      assertNull(status.lastError(), status.toString());
    }

    Set<UUID> expectedRows = new HashSet<>(good);
    expectedRows.add(bootstrap);
    try (Connection c = postgres.connect()) {
      List<UUID> ids = Rows.ids(c, "trace_events");
      assertEquals(994, ids.size());
      assertEquals(expectedRows, new HashSet<>(ids));
    }

    List<DeadLetter> letters = deadLetters();
    assertEquals(7, letters.size());
    EventDecoder decoder = new EventDecoder();
    Set<UUID> deadIds = new HashSet<>();
    long previousIndex = Long.MIN_VALUE;
    for (DeadLetter d : letters) {
      assertEquals(DeadLetter.Reason.REJECTED, d.reason());
      assertEquals("23514", d.sqlState());
      assertTrue(d.message().contains("no_poison"), d.message());
      assertTrue(d.attempts() >= 1, "attempts " + d.attempts());
      assertTrue(d.spoolIndex() > previousIndex, "dead letters out of spool order");
      previousIndex = d.spoolIndex();
      SpooledEvent event = decoder.decode(d.record());
      assertEquals("poison", ((TraceEvent) event.event()).message());
      deadIds.add(event.id());
    }
    assertEquals(poison, deadIds);

    // a restart on the same spool neither re-writes nor re-dead-letters anything
    try (Sluice sluice = Sluice.start(config().maxBatchEvents(100).build())) {
      assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
      SluiceStatus status = sluice.status();
      assertEquals(994, status.committed(), status.toString());
      assertEquals(7, status.deadLettered(), status.toString());
    }
    try (Connection c = postgres.connect()) {
      assertEquals(994, Rows.count(c, "trace_events"));
    }
    assertEquals(7, deadLetters().size());
  }

  @Test
  void drain_badRowsOfSeveralKindsWhileAppending_commitsEveryOtherEvent() throws Exception {
    createSchema();
    try (Connection c = postgres.connect()) {
      Rows.execute(
          c,
          "ALTER TABLE agent_observability.trace_events"
              + " ADD CONSTRAINT no_poison CHECK (message <> 'poison')");
      // 22001 (value too long) for metric names over 10 characters
      Rows.execute(
          c,
          "ALTER TABLE agent_observability.performance_metrics"
              + " ALTER COLUMN metric_name TYPE varchar(10)");
    }
    Set<UUID> goodTraces = new HashSet<>();
    Set<UUID> goodMetrics = new HashSet<>();
    Set<UUID> rejected = new HashSet<>();
    try (Sluice sluice = Sluice.start(config().maxBatchEvents(64).build())) {
      for (int i = 0; i < 200; i++) {
        boolean bad = i % 40 == 7;
        UUID t = sluice.append(trace(bad ? "poison" : "fine"));
        (bad ? rejected : goodTraces).add(t);
        UUID m =
            sluice.append(
                PerformanceMetric.builder()
                    .metricName(bad ? "much_too_long_name" : "m" + i % 10)
                    .metricValue(i)
                    .build());
        (bad ? rejected : goodMetrics).add(m);
        sluice.append(
            RoutingDecision.builder()
                .selectedAgent("a")
                .confidenceScore(0.5)
                .routingStrategy("s")
                .build());
        sluice.append(
            AgentTransformation.builder()
                .sourceAgent("a")
                .targetAgent("b")
                .transformationType("x")
                .build());
      }
      assertTrue(sluice.awaitDrained(WAIT), String.valueOf(sluice.status()));
      SluiceStatus status = sluice.status();
      assertEquals(10, status.deadLettered(), status.toString());
      assertEquals(1 + 800 - 10, status.committed(), status.toString());
      assertEquals(status.spooledRecords(), status.committed() + status.deadLettered());
      assertEquals(BreakerState.CLOSED, status.breakerState());
    }
    try (Connection c = postgres.connect()) {
      assertEquals(goodMetrics, new HashSet<>(Rows.ids(c, "performance_metrics")));
      assertEquals(195, Rows.count(c, "performance_metrics"));
      assertEquals(196, Rows.count(c, "trace_events"));
      assertTrue(new HashSet<>(Rows.ids(c, "trace_events")).containsAll(goodTraces));
      assertEquals(200, Rows.count(c, "routing_decisions"));
      assertEquals(200, Rows.count(c, "transformation_events"));
    }
    List<DeadLetter> letters = deadLetters();
    Set<UUID> deadIds = new HashSet<>();
    Set<String> states = new HashSet<>();
    for (DeadLetter d : letters) {
      deadIds.add(new EventDecoder().decode(d.record()).id());
      states.add(d.sqlState());
    }
    assertEquals(10, letters.size());
    assertEquals(rejected, deadIds);
    assertEquals(Set.of("23514", "22001"), states);
  }
}
