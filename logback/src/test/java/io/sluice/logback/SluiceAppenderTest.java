package io.sluice.logback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testing.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * End to end: Logback configured from the documented {@code logback.xml} example, an application
 * logging through SLF4J, Sluice draining into a real PostgreSQL, the rows read back.
 */
class SluiceAppenderTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

  @AfterEach
  void resetLogback() {
    MDC.clear();
    context.reset(); // stops the appenders: closes their Sluice
  }

  private void configure(String xml) throws Exception {
    context.reset();
    context.putProperty("LOG_DIR", tmp.toString());
    context.putProperty("SLUICE_JDBC_URL", postgres.database().jdbcUrl());
    JoranConfigurator c = new JoranConfigurator();
    c.setContext(context);
    c.doConfigure(
        new java.io.ByteArrayInputStream(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private static String example() throws Exception {
    return new String(
        SluiceAppenderTest.class.getResourceAsStream("/logback-sluice-example.xml").readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  private SluiceAppender appender() {
    return (SluiceAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("SLUICE");
  }

  @Test
  void logLines_becomeTraceEventsInPostgres_andStayInTheLogFile() throws Exception {
    configure(example());
    SluiceAppender appender = appender();
    assertTrue(
        appender.isStarted(), String.valueOf(context.getStatusManager().getCopyOfStatusList()));
    Logger log = LoggerFactory.getLogger("com.example.Orders");
    Instant before = Instant.now();

    MDC.put("traceId", "trace-42");
    MDC.put("agent", "planner");
    MDC.put("task", "task-7");
    MDC.put("user", "ann");
    MDC.put("request", "r-1"); // not selected by mdcKeys
    log.info("order {} placed", 42);
    log.atWarn().addKeyValue("amount", 12.5).addKeyValue("currency", "EUR").log("slow payment");
    log.error("payment failed", new IllegalStateException("card declined"));
    MDC.clear();
    log.debug("no trace here");
    LoggerFactory.getLogger("io.sluice.internal.Anything").warn("Sluice's own: never appended");

    assertTrue(
        appender.sluice().awaitDrained(Duration.ofSeconds(60)), String.valueOf(appender.status()));
    assertEquals(4, appender.getAppendedEvents());
    assertEquals(0, appender.getDroppedEvents());
    assertEquals(0, appender.getFailedEvents());

    List<Map<String, Object>> rows = rows();
    assertEquals(4, rows.size(), rows::toString);
    Map<String, Object> info = rows.get(0);
    assertEquals("trace-42", info.get("trace_id"));
    assertEquals("log", info.get("event_type"));
    assertEquals("INFO", info.get("level"));
    assertEquals("order 42 placed", info.get("message"));
    assertEquals("planner", info.get("agent_name"));
    assertEquals("task-7", info.get("task_id"));
    Instant at = ((java.sql.Timestamp) info.get("occurred_at")).toInstant();
    assertFalse(at.isBefore(before.minusMillis(1)) || at.isAfter(Instant.now()), at.toString());
    JsonNode meta = json(info);
    assertEquals("com.example.Orders", meta.get("logger").asText());
    assertEquals(Thread.currentThread().getName(), meta.get("thread").asText());
    assertEquals("ann", meta.get("mdc").get("user").asText());
    assertNull(meta.get("mdc").get("request"), meta.toString());
    assertNull(meta.get("mdc").get("traceId"), "mapped keys are columns, not metadata");

    Map<String, Object> warn = rows.get(1);
    assertEquals("WARNING", warn.get("level"));
    assertEquals(12.5, json(warn).get("arguments").get("amount").asDouble());
    assertEquals("EUR", json(warn).get("arguments").get("currency").asText());

    Map<String, Object> error = rows.get(2);
    assertEquals("ERROR", error.get("level"));
    assertEquals(
        "java.lang.IllegalStateException: card declined", json(error).get("exception").asText());
    assertTrue(
        json(error).get("stack_trace").asText().contains("SluiceAppenderTest"),
        json(error).toString());

    Map<String, Object> debug = rows.get(3);
    assertEquals("-", debug.get("trace_id"));
    assertEquals("DEBUG", debug.get("level"));
    assertNull(debug.get("agent_name"));

    String file = Files.readString(tmp.resolve("app.log"));
    assertTrue(file.contains("[trace-42] com.example.Orders - order 42 placed"), file);
    assertTrue(file.contains("no trace here"), file);
  }

  @Test
  void readme_showsTheExampleThisTestRuns() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    assertTrue(
        readme.contains("```xml\n" + example() + "```"),
        "README.md's logback.xml differs from"
            + " logback/src/test/resources/logback-sluice-example.xml");
  }

  @Test
  void fullSpool_dropsAndCountsWithoutBlockingOrThrowing() throws Exception {
    configure(
        example()
            .replace(
                "<fullPolicy>drop_newest</fullPolicy>",
                "<fullPolicy>fail</fullPolicy><maxSpoolBytes>1048576</maxSpoolBytes><drain>false</drain>"));
    SluiceAppender appender = appender();
    assertTrue(
        appender.isStarted(), String.valueOf(context.getStatusManager().getCopyOfStatusList()));
    Logger log = LoggerFactory.getLogger("com.example.Flood");
    String filler = "x".repeat(500);
    long slowest = 0;
    for (int i = 0; i < 5_000; i++) {
      long t0 = System.nanoTime();
      log.info("event {} {}", i, filler); // must return normally, whatever the spool does
      slowest = Math.max(slowest, System.nanoTime() - t0);
    }
    assertTrue(appender.getDroppedEvents() > 0, "the 1 MiB budget was never reached");
    assertEquals(5_000, appender.getAppendedEvents() + appender.getDroppedEvents());
    assertEquals(0, appender.getFailedEvents());
    assertTrue(
        slowest < Duration.ofSeconds(1).toNanos(),
        "a logging call took " + slowest / 1_000_000 + " ms");
    assertTrue(
        warnings().stream().anyMatch(s -> s.contains("counted in droppedEvents")),
        warnings()::toString);
    long reported = warnings().stream().filter(s -> s.contains("counted in droppedEvents")).count();
    assertTrue(
        appender.getDroppedEvents() > 100 && reported <= 5,
        "reported once per episode, not per event: "
            + reported
            + " for "
            + appender.getDroppedEvents());
  }

  @Test
  void blockPolicyOrMissingSpool_leaveTheAppenderStopped_andLoggingWorks() throws Exception {
    configure(
        example()
            .replace("<fullPolicy>drop_newest</fullPolicy>", "<fullPolicy>block</fullPolicy>"));
    assertFalse(appender().isStarted());
    assertTrue(
        errors().stream().anyMatch(s -> s.contains("fullPolicy is block")), errors()::toString);
    LoggerFactory.getLogger("com.example.Orders").info("still logged to the file");
    assertTrue(Files.readString(tmp.resolve("app.log")).contains("still logged to the file"));

    configure(example().replace("<spoolDirectory>${LOG_DIR}/sluice-spool</spoolDirectory>", ""));
    assertFalse(appender().isStarted());
    assertTrue(
        errors().stream().anyMatch(s -> s.contains("spoolDirectory is not set")),
        errors()::toString);
    assertNotNull(appender()); // configured, just not running
  }

  private List<String> warnings() {
    return statuses(Status.WARN);
  }

  private List<String> errors() {
    return statuses(Status.ERROR);
  }

  private List<String> statuses(int level) {
    return context.getStatusManager().getCopyOfStatusList().stream()
        .filter(s -> s.getLevel() == level)
        .map(Status::getMessage)
        .toList();
  }

  private List<Map<String, Object>> rows() throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection c = postgres.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT trace_id, event_type, level, message, agent_name, task_id, metadata::text"
                    + " AS metadata, occurred_at FROM agent_observability.trace_events ORDER BY"
                    + " id")) {
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static JsonNode json(Map<String, Object> row) throws Exception {
    return new ObjectMapper().readTree((String) row.get("metadata"));
  }
}
