package io.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.model.AgentTransformation;
import io.sluice.model.Event;
import io.sluice.model.InvalidEventException;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingAlternative;
import io.sluice.model.RoutingDecision;
import io.sluice.model.SluiceClosedException;
import io.sluice.model.SluiceConfig;
import io.sluice.model.TraceEvent;
import io.sluice.testing.PostgresExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input is refused at the call, naming the field, and nothing reaches the spool. The
 * constructors refuse what a field's rule forbids; {@code append} refuses what only encoding finds
 * (characters PostgreSQL cannot store, the encoded size).
 */
class AppendValidationTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;
  private Sluice sluice;

  @AfterEach
  void close() {
    if (sluice != null) {
      sluice.close();
    }
  }

  /** A writer-only Sluice: nothing drains, so spooledRecords counts every append. */
  private Sluice writer(int maxEventBytes) {
    sluice =
        Sluice.start(
            SluiceConfig.builder()
                .spoolDirectory(tmp.resolve("spool"))
                .drainEnabled(false)
                .maxEventBytes(maxEventBytes)
                .build());
    return sluice;
  }

  static Stream<Arguments> unstorableStrings() {
    String nul = "a\u0000b";
    String loneHigh = "end\ud800";
    String loneLow = "\udc00start";
    String reversedPair = "x\ude00\ud83dy";
    return Stream.of(
        Arguments.of("message", nul, (Function<String, Event>) s -> trace(s, "t")),
        Arguments.of("trace_id", nul, (Function<String, Event>) s -> trace("m", s)),
        Arguments.of("message", loneHigh, (Function<String, Event>) s -> trace(s, "t")),
        Arguments.of("trace_id", loneLow, (Function<String, Event>) s -> trace("m", s)),
        Arguments.of("message", reversedPair, (Function<String, Event>) s -> trace(s, "t")),
        Arguments.of("selected_agent", nul, (Function<String, Event>) s -> routing(s, "b")),
        Arguments.of(
            "alternatives.agent", loneHigh, (Function<String, Event>) s -> routing("a", s)),
        Arguments.of("component", loneLow, (Function<String, Event>) s -> metric(s)),
        Arguments.of("reason", nul, (Function<String, Event>) s -> transformation(s)));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("unstorableStrings")
  void append_stringPostgresCannotStore_refusedNamingFieldAndNothingAppended(
      String field, String value, Function<String, Event> make) {
    Sluice s = writer(SluiceConfig.DEFAULT_MAX_EVENT_BYTES);
    s.append(trace("ok", "t"));
    InvalidEventException e = assertRefused(s, make.apply(value));
    assertEquals(field, e.field());
    assertTrue(e.getMessage().contains(field), e.getMessage());
  }

  @Test
  void append_eventOverMaxEventBytes_refusedNamingLimitAndNothingAppended() {
    Sluice s = writer(1024);
    s.append(trace("x".repeat(100), "t"));
    InvalidEventException e = assertRefused(s, trace("x".repeat(2_000), "t"));
    assertEquals("event", e.field());
    assertTrue(e.getMessage().contains("1024"), e.getMessage());
    assertTrue(e.getMessage().contains("maxEventBytes"), e.getMessage());
  }

  /**
   * The limit is on the bytes actually encoded, not on a 3-bytes-a-char estimate (which once
   * refused ASCII events of a third of the limit).
   */
  @Test
  void append_asciiEventUnderMaxEventBytes_isAccepted() {
    Sluice s = writer(1024);
    s.append(trace("x".repeat(600), "t")); // about 650 bytes encoded
    assertEquals(1, s.status().spooledRecords());
  }

  /** At the default 1 MiB limit: ~400 KB of ASCII JSON fits (the estimate said 1.2 MB). */
  @Test
  void append_400KbAsciiMetadataUnderDefaultLimit_isAccepted() {
    Sluice s = writer(SluiceConfig.DEFAULT_MAX_EVENT_BYTES);
    String metadata = "{\"blob\":\"" + "x".repeat(400_000) + "\"}";
    s.append(TraceEvent.builder().traceId("t").eventType("e").metadata(metadata).build());
    assertEquals(1, s.status().spooledRecords());
  }

  @Test
  void append_afterRefusedEvent_nextEventLandsIntact() throws Exception {
    sluice =
        Sluice.start(
            SluiceConfig.builder()
                .spoolDirectory(tmp.resolve("spool"))
                .database(postgres.database())
                .flushInterval(Duration.ofMillis(5))
                .build());
    // Refused half way through encoding: the encoder's buffer holds a partial event.
    assertThrows(
        InvalidEventException.class, () -> sluice.append(trace("long text then \ud800", "t")));
    sluice.append(trace("after", "t-after"));
    assertTrue(
        sluice.awaitDrained(Duration.ofSeconds(60)), () -> "not drained: " + sluice.status());
    try (Connection c = postgres.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT trace_id, message FROM agent_observability.trace_events")) {
      assertTrue(rs.next());
      assertEquals("t-after", rs.getString(1));
      assertEquals("after", rs.getString(2));
      assertTrue(!rs.next(), "only the accepted event is stored");
    }
  }

  static Stream<Arguments> invalidAtConstruction() {
    return Stream.of(
        Arguments.of("trace_id", (Executable) () -> TraceEvent.builder().eventType("e").build()),
        Arguments.of(
            "metric_value",
            (Executable)
                () -> PerformanceMetric.builder().metricName("m").metricValue(Double.NaN).build()),
        Arguments.of(
            "confidence_score",
            (Executable)
                () ->
                    RoutingDecision.builder()
                        .selectedAgent("a")
                        .confidenceScore(1.5)
                        .routingStrategy("s")
                        .build()),
        Arguments.of(
            "metadata",
            (Executable)
                () -> TraceEvent.builder().traceId("t").eventType("e").metadata("[1,2]").build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidAtConstruction")
  void build_invalidField_refusedNamingFieldValueAndRule(String field, Executable build) {
    InvalidEventException e = assertThrows(InvalidEventException.class, build);
    assertEquals(field, e.field());
    assertTrue(e.getMessage().contains(field + " is "), e.getMessage());
    assertTrue(e.getMessage().contains("(expected "), e.getMessage());
  }

  @Test
  void append_afterClose_throwsSluiceClosedException() {
    Sluice s = writer(SluiceConfig.DEFAULT_MAX_EVENT_BYTES);
    s.close();
    assertThrows(SluiceClosedException.class, () -> s.append(trace("m", "t")));
  }

  @Test
  void append_null_throwsNpeNamingEvent() {
    Sluice s = writer(SluiceConfig.DEFAULT_MAX_EVENT_BYTES);
    NullPointerException e = assertThrows(NullPointerException.class, () -> s.append(null));
    assertTrue(e.getMessage().contains("event"), e.getMessage());
    assertEquals(0, s.status().spooledRecords());
  }

  private static InvalidEventException assertRefused(Sluice s, Event event) {
    long before = s.status().spooledRecords();
    InvalidEventException e = assertThrows(InvalidEventException.class, () -> s.append(event));
    assertEquals(before, s.status().spooledRecords(), "a refused event must not reach the spool");
    return e;
  }

  private static TraceEvent trace(String message, String traceId) {
    return TraceEvent.builder().traceId(traceId).eventType("e").message(message).build();
  }

  private static RoutingDecision routing(String selected, String alternative) {
    return RoutingDecision.builder()
        .selectedAgent(selected)
        .confidenceScore(0.5)
        .alternatives(List.of(new RoutingAlternative(alternative, 0.5)))
        .routingStrategy("s")
        .build();
  }

  private static PerformanceMetric metric(String component) {
    return PerformanceMetric.builder().metricName("m").metricValue(1).component(component).build();
  }

  private static AgentTransformation transformation(String reason) {
    return AgentTransformation.builder()
        .sourceAgent("a")
        .targetAgent("b")
        .transformationType("x")
        .reason(reason)
        .build();
  }
}
