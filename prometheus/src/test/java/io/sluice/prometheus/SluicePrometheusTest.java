package io.sluice.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.Sluice;
import io.sluice.model.OperationsConfig;
import io.sluice.model.SluiceConfig;
import io.sluice.model.TraceEvent;
import io.sluice.testing.PostgresExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** With this module on the class path, a Sluice configured with a port serves its metrics. */
class SluicePrometheusTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;

  @Test
  void sluiceWithPrometheusPort_servesItsMetrics_untilClosed() throws Exception {
    int port = freePort();
    SluiceConfig config =
        SluiceConfig.builder()
            .instanceName("ops")
            .spoolDirectory(tmp.resolve("spool"))
            .database(postgres.database())
            .flushInterval(Duration.ofMillis(20))
            .operations(OperationsConfig.builder().prometheus("127.0.0.1", port).build())
            .build();
    try (Sluice sluice = Sluice.start(config)) {
      for (int i = 0; i < 50; i++) {
        sluice.append(TraceEvent.builder().traceId("t-" + i).eventType("step").build());
      }
      assertTrue(sluice.awaitDrained(Duration.ofSeconds(60)), String.valueOf(sluice.status()));
      sluice.queries().traces(io.sluice.query.TraceQuery.builder().traceId("t-1").build());

      String body = scrape(port);
      String labels = "{sluice_instance=\"ops\",spool=\"" + sluice.spoolId() + "\"}";
      assertTrue(body.contains("sluice_spool_events_appended_total" + labels + " 50.0"), body);
      assertTrue(body.contains("sluice_spool_backlog_events" + labels + " 0.0"), body);
      assertTrue(body.contains("sluice_health_status" + labels + " 0.0"), body);
      // HikariCP's own metrics
      assertTrue(body.contains("sluice_db_writer_pool_active_connections" + labels), body);
      assertTrue(body.contains("sluice_query_duration_seconds_count" + labels), body);
    }
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertEquals(port, s.getLocalPort()); // closed with the Sluice: the port is free again
    }
  }

  private static String scrape(int port) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    return r.body();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
