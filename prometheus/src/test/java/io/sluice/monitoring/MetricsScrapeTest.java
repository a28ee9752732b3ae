package io.sluice.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.Sluice;
import io.sluice.model.OperationsConfig;
import io.sluice.model.SluiceConfig;
import io.sluice.model.TraceEvent;
import io.sluice.query.TraceQuery;
import io.sluice.testing.PostgresExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One real scrape of a running Sluice (draining into a real PostgreSQL, one query run, so both
 * pools publish): the exposition is lint-clean under {@code promtool check metrics}, follows the
 * naming scheme, and every metric the shipped alert rules and dashboard read is in it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsScrapeTest {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s", Pattern.MULTILINE);
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

  private final MetricRegistry registry = new MetricRegistry();
  private Path spool;
  private Sluice sluice;
  private String body;

  @BeforeAll
  void startScrape() throws Exception {
    spool = Files.createTempDirectory("sluice-scrape");
    int port = freePort();
    sluice =
        Sluice.start(
            SluiceConfig.builder()
                .instanceName("app.orders") // a dot: the instance must still become one label value
                .spoolDirectory(spool)
                .database(PostgresExtension.createDatabase())
                .flushInterval(Duration.ofMillis(20))
                .operations(
                    OperationsConfig.builder()
                        .metricRegistry(registry)
                        .prometheus("127.0.0.1", port)
                        .build())
                .build());
    for (int i = 0; i < 20; i++) {
      sluice.append(TraceEvent.builder().traceId("t-" + i).eventType("step").message("m").build());
    }
    assertTrue(sluice.awaitDrained(Duration.ofSeconds(60)), String.valueOf(sluice.status()));
    assertEquals(20, sluice.queries().traces(TraceQuery.builder().build()).items().size());
    Thread.sleep(1100); // the gauges cache one health snapshot for a second
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    body = r.body();
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "sluice-scrape.prom"), body); // for a look by hand
  }

  @AfterAll
  void stop() {
    if (sluice != null) {
      sluice.close();
    }
  }

  @Test
  void scrape_isCleanUnderPromtoolCheckMetrics() throws Exception {
    Promtool.Result r = Promtool.run(body, "check", "metrics");
    assertEquals(0, r.exitCode(), r.output() + "\n--- scrape ---\n" + body);
    assertEquals("", r.output().trim(), "promtool check metrics findings:\n" + r.output());
  }

  /** The bridge without the name table, as before: promtool flags it (the reason for the table). */
  @Test
  void unmappedExposition_ofTheSameRegistry_isFlaggedByPromtool() throws Exception {
    PrometheusRegistry plain = new PrometheusRegistry();
    DropwizardExports.builder()
        .dropwizardRegistry(registry)
        .metricFilter((name, metric) -> name.startsWith("sluice."))
        .register(plain);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrometheusTextFormatWriter(false).write(out, plain.scrape());
    Promtool.Result r = Promtool.run(out.toString(StandardCharsets.UTF_8), "check", "metrics");
    System.out.println("promtool on the unmapped exposition:\n" + r.output());
    assertTrue(r.output().contains("camelCase"), r.output());
  }

  @Test
  void scrape_namesMetricsWithUnitsAndLabelsTheInstance() {
    String spoolId = sluice.spoolId();
    String labels = "{sluice_instance=\"app.orders\",spool=\"" + spoolId + "\"}";
    assertTrue(body.contains("sluice_spool_events_appended_total" + labels + " 20.0"), body);
    assertTrue(body.contains("sluice_drain_events_committed_total" + labels + " 20.0"), body);
    assertTrue(body.contains("sluice_spool_backlog_events" + labels + " 0.0"), body);
    assertTrue(body.contains("sluice_health_status" + labels + " 0.0"), body);
    assertTrue(body.contains("sluice_drain_state" + labels + " 0.0"), body);
    assertTrue(body.contains("sluice_drain_batch_duration_seconds_count" + labels), body);
    assertTrue(body.contains("sluice_db_writer_pool_max_connections" + labels + " 6.0"), body);
    assertTrue(body.contains("sluice_db_reader_pool_max_connections" + labels + " 2.0"), body);
    assertTrue(body.contains("sluice_query_duration_seconds_count" + labels + " 1"), body);
    for (String name : sampleNames()) {
      assertTrue(name.startsWith("sluice_") && name.equals(name.toLowerCase()), name);
      assertFalse(
          name.contains("app_orders") || name.contains("orders"), "instance in a name: " + name);
    }
  }

  @Test
  void alertRulesAndDashboard_readOnlyExportedMetrics() throws IOException {
    Set<String> exported = sampleNames();
    Set<String> labels = labelNames();
    Set<String> missing = new TreeSet<>();
    Set<String> read = new TreeSet<>();
    for (String expr : OpsFiles.ruleExpressions()) {
      read.addAll(OpsFiles.metricNames(expr, labels));
    }
    for (String expr : OpsFiles.dashboardExpressions()) {
      read.addAll(OpsFiles.metricNames(expr, labels));
    }
    for (String name : read) {
      if (!exported.contains(name)) {
        missing.add(name);
      }
    }
    assertTrue(read.size() >= 10, "too few metric names found, the parser is broken: " + read);
    assertEquals(
        Set.of(), missing, "read by rules or dashboard but not exported; exported: " + exported);
  }

  @Test
  void everyExportedMetric_isListedInTheReadme() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    Set<String> unlisted = new TreeSet<>();
    for (String name : sampleNames()) {
      String family =
          name.endsWith("_count") && body.contains(name.replace("_count", "{"))
              ? name.substring(0, name.length() - "_count".length())
              : name;
      if (!readme.contains("`" + family + "`")) {
        unlisted.add(family);
      }
    }
    assertEquals(Set.of(), unlisted, "exported but not in README.md's metrics table");
  }

  private Set<String> sampleNames() {
    Set<String> names = new TreeSet<>();
    Matcher m = SAMPLE.matcher(body);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private Set<String> labelNames() {
    Set<String> names = new TreeSet<>();
    Matcher m = LABEL.matcher(body);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
