package io.sluice.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.sluice.internal.ops.SluiceMetrics;
import io.sluice.internal.ops.SluiceMetricsTest;
import io.sluice.model.BreakerState;
import io.sluice.model.HealthStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PrometheusEndpointTest {
  @Test
  void scrape_overHttpOnLoopback_servesSluiceMetricsOnly() throws Exception {
    MetricRegistry registry = new MetricRegistry();
    registry.counter("host.app.requests").inc();
    SluiceMetrics metrics = new SluiceMetrics(registry, "orders");
    metrics.bindGauges(() -> SluiceMetricsTest.health(HealthStatus.HEALTHY, BreakerState.CLOSED));
    metrics.appended();
    metrics.batchCommitted(5, 0, 1_000_000);
    try (PrometheusEndpoint endpoint =
        PrometheusEndpoint.start(registry, "orders", "spool-1", "127.0.0.1", 0)) {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      String body = r.body();
      String labels = "{sluice_instance=\"orders\",spool=\"spool-1\"}";
      assertTrue(body.contains("sluice_spool_events_appended_total" + labels + " 1.0"), body);
      assertTrue(body.contains("sluice_drain_events_committed_total" + labels + " 5.0"), body);
      assertTrue(body.contains("sluice_spool_backlog_events" + labels + " 42.0"), body);
      assertTrue(body.contains("sluice_drain_batch_duration_seconds_count" + labels + " 1"), body);
      assertFalse(body.contains("host_app_requests"), body);
    }
  }
}
