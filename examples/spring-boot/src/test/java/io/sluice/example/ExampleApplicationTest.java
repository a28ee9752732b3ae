package io.sluice.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.Sluice;
import io.sluice.model.DatabaseConfig;
import io.sluice.testing.PostgresExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example against the embedded PostgreSQL: events posted over HTTP arrive in PostgreSQL, and
 * /actuator/prometheus shows Sluice's metrics through Micrometer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExampleApplicationTest {
  private static final DatabaseConfig DATABASE = newDatabase();

  @Value("${local.server.port}")
  int port;

  @Autowired Sluice sluice;

  @DynamicPropertySource
  static void sluiceProperties(DynamicPropertyRegistry registry) throws IOException {
    Path spool = Files.createTempDirectory("sluice-example").resolve("spool");
    registry.add("sluice.spool-directory", spool::toString);
    registry.add("sluice.jdbc-url", DATABASE::jdbcUrl);
    registry.add("sluice.user", DATABASE::user);
    registry.add("sluice.password", () -> DATABASE.password() == null ? "" : DATABASE.password());
  }

  @Test
  void postedEvents_arriveInPostgres_andSluiceMetricsAreOnActuatorPrometheus() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < 25; i++) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/events"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"traceId\":\"trace-"
                              + i
                              + "\",\"eventType\":\"task_started\","
                              + "\"agentName\":\"planner\",\"message\":\"step "
                              + i
                              + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(202, r.statusCode(), r.body());
    }
    assertTrue(sluice.awaitDrained(Duration.ofSeconds(60)), String.valueOf(sluice.status()));
    assertEquals(25, storedTraceEvents());

    HttpResponse<String> bad =
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"traceId\":\"\",\"eventType\":\"x\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(400, bad.statusCode(), bad.body());
    assertTrue(bad.body().contains("trace_id"), bad.body());

    String metrics =
        http.send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertTrue(metrics.contains("sluice_spool_appends_total{instance=\"example\"} 25.0"), metrics);
    assertTrue(metrics.contains("sluice_drain_events_total{instance=\"example\"} 25.0"), metrics);
    assertTrue(metrics.contains("sluice_db_pool_active_connections{"), metrics);
  }

  private static long storedTraceEvents() throws SQLException {
    try (Connection c =
            DriverManager.getConnection(DATABASE.jdbcUrl(), DATABASE.user(), DATABASE.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM agent_observability.trace_events")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static DatabaseConfig newDatabase() {
    try {
      return PostgresExtension.createDatabase(); // the shared embedded PostgreSQL of Sluice's tests
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the example's database", e);
    }
  }
}
