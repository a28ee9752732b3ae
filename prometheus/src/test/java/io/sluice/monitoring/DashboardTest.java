package io.sluice.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shipped Grafana dashboard ({@code ops/grafana/sluice.json}) parses, every panel queries the
 * data source variable and filters by the instance variable, and the panels the operators asked for
 * are there. That every query names an exported metric is checked against a real scrape in {@link
 * MetricsScrapeTest}.
 */
class DashboardTest {
  @Test
  void dashboard_parsesWithItsVariables() throws Exception {
    JsonNode d = OpsFiles.dashboard();
    assertEquals("sluice-overview", d.path("uid").asText());
    List<String> variables = new ArrayList<>();
    d.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
    assertEquals(List.of("datasource", "sluice_instance"), variables);
  }

  @Test
  void everyPanel_queriesPrometheusPerInstance() throws Exception {
    JsonNode panels = OpsFiles.dashboard().path("panels");
    assertTrue(panels.size() >= 10, "panels: " + panels.size());
    Set<Integer> ids = new java.util.HashSet<>();
    for (JsonNode panel : panels) {
      String title = panel.path("title").asText();
      assertTrue(ids.add(panel.path("id").asInt()), "duplicate panel id: " + title);
      assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), title);
      assertFalse(panel.path("targets").isEmpty(), title + ": no query");
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText();
        assertTrue(expr.contains("sluice_instance=~\"$sluice_instance\""), title + ": " + expr);
      }
    }
  }

  @Test
  void dashboard_showsWhatTheOperatorsAskedFor() throws Exception {
    String all = String.join("\n", OpsFiles.dashboardExpressions());
    for (String metric :
        List.of(
            "sluice_spool_events_appended_total", "sluice_drain_events_committed_total",
            "sluice_spool_backlog_events", "sluice_spool_oldest_undrained_age_seconds",
            "sluice_drain_breaker_state", "sluice_drain_batch_duration_seconds",
            "sluice_db_writer_pool_active_connections", "sluice_drain_dead_lettered_events",
            "sluice_spool_used_bytes", "sluice_spool_max_bytes")) {
      assertTrue(all.contains(metric), "no panel shows " + metric);
    }
  }
}
