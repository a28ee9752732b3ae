package io.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.model.AgentTransformation;
import io.sluice.model.EventKind;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingDecision;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceStatus;
import io.sluice.model.TraceEvent;
import io.sluice.testing.PostgresExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SluiceDrainTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;

  private SluiceConfig config() {
    return SluiceConfig.builder()
        .spoolDirectory(tmp.resolve("spool"))
        .database(postgres.database())
        .flushInterval(Duration.ofMillis(20))
        .build();
  }

  @Test
  void append_thenDrain_landsEveryKindInItsTable() throws Exception {
    try (Sluice sluice = Sluice.start(config())) {
      for (int i = 0; i < 100; i++) {
        sluice.append(TraceEvent.builder().traceId("t" + i).eventType("step").build());
        sluice.append(
            RoutingDecision.builder()
                .selectedAgent("a")
                .confidenceScore(0.5)
                .routingStrategy("s")
                .build());
        sluice.append(PerformanceMetric.builder().metricName("m").metricValue(i).build());
        sluice.append(
            AgentTransformation.builder()
                .sourceAgent("a")
                .targetAgent("b")
                .transformationType("x")
                .build());
      }
      assertTrue(sluice.awaitDrained(Duration.ofSeconds(60)), String.valueOf(sluice.status()));
      SluiceStatus status = sluice.status();
      assertEquals(400, status.committed());
      assertEquals(0, status.backlog());
      assertEquals(400, status.appended(), "counted by the spool, independently of the checkpoint");
      assertTrue(status.accountingHolds(), status.toString());
    }
    try (Connection c = postgres.connect()) {
      for (EventKind kind : EventKind.values()) {
        assertEquals(100, count(c, kind.tableName()), kind.tableName());
      }
    }
  }

  static long count(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM agent_observability." + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
