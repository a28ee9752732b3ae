package io.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.internal.drain.DeadLetterSpool;
import io.sluice.model.DeadLetter;
import io.sluice.model.RoutingDecision;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceStatus;
import io.sluice.model.TraceEvent;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.Rows;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spooled event that reaches the drainer after its kind's retention is set aside, never retried.
 */
class ExpiredEventTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;

  @Test
  void drain_eventOlderThanRetention_isSetAsideAsExpiredAndOthersLand() throws Exception {
    Path spoolDir = tmp.resolve("spool");
    // The drainer's clock runs 40 days ahead: trace events (30 days) are expired, routing
    // decisions (90 days) are not.
    Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(40)), ZoneOffset.UTC);
    SluiceConfig config =
        SluiceConfig.builder()
            .spoolDirectory(spoolDir)
            .database(postgres.database())
            .flushInterval(Duration.ofMillis(20))
            .partitionDaysAhead(0)
            .clock(later)
            .build();
    try (Sluice sluice = Sluice.start(config)) {
      for (int i = 0; i < 10; i++) {
        sluice.append(TraceEvent.builder().traceId("old-" + i).eventType("step").build());
        sluice.append(
            RoutingDecision.builder()
                .selectedAgent("a")
                .confidenceScore(0.5)
                .routingStrategy("s")
                .build());
      }
      assertTrue(sluice.awaitDrained(Duration.ofSeconds(60)), String.valueOf(sluice.status()));
      SluiceStatus status = sluice.status();
      assertEquals(10, status.committed());
      assertEquals(10, status.deadLettered());
      assertEquals(20, status.appended());
      assertTrue(status.accountingHolds(), status.toString());
    }
    try (Connection c = postgres.connect()) {
      assertEquals(0, Rows.count(c, "trace_events"));
      assertEquals(10, Rows.count(c, "routing_decisions"));
    }
    List<DeadLetter> letters = new ArrayList<>();
    try (DeadLetterSpool dlq = DeadLetterSpool.open(spoolDir)) {
      dlq.forEach(letters::add);
    }
    assertEquals(10, letters.size());
    for (DeadLetter letter : letters) {
      assertEquals(DeadLetter.Reason.EXPIRED, letter.reason());
      assertTrue(letter.message().contains("retention of 30 days"), letter.message());
    }
  }
}
