package io.sluice.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.model.EventKind;
import io.sluice.model.SluiceException;
import io.sluice.model.TraceLevel;
import io.sluice.testing.PostgresExtension;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every filter of every kind, against rows placed on two days (see {@link EventRows}). */
class SluiceQueriesTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();

  static final Instant D1 = Instant.parse("2026-05-10T08:00:00Z");
  static final Instant D2 = Instant.parse("2026-05-11T08:00:00Z");

  private Connection c;

  @BeforeEach
  void schema() throws Exception {
    EventRows.migrate(postgres.database());
    c = postgres.connect();
    EventRows.ensureDays(c, EventRows.day(D1), EventRows.day(D2));
  }

  @Test
  void traces_eachFilter_returnsOnlyMatchesNewestFirst() throws Exception {
    UUID a = EventRows.trace(c, D1, "t1", "planner", "start", TraceLevel.INFO);
    UUID b = EventRows.trace(c, D1.plusSeconds(1), "t1", "coder", "step", TraceLevel.ERROR);
    UUID d = EventRows.trace(c, D2, "t2", "planner", "step", TraceLevel.ERROR);
    UUID e = EventRows.trace(c, D2.plusSeconds(1), "t2", "coder", "end", TraceLevel.DEBUG);
    try (SluiceQueries q = SluiceQueries.open(postgres.database())) {
      Function<TraceQuery.Builder, List<UUID>> ids = t -> ids(q.traces(t.build()));
      assertEquals(List.of(e, d, b, a), ids.apply(TraceQuery.builder()));
      assertEquals(List.of(b, a), ids.apply(TraceQuery.builder().traceId("t1")));
      assertEquals(List.of(d, a), ids.apply(TraceQuery.builder().agentName("planner")));
      assertEquals(List.of(d, b), ids.apply(TraceQuery.builder().eventType("step")));
      assertEquals(List.of(d, b), ids.apply(TraceQuery.builder().level(TraceLevel.ERROR)));
      assertEquals(List.of(e), ids.apply(TraceQuery.builder().level("debug")));
      assertEquals(List.of(b, a), ids.apply(TraceQuery.builder().to(D2)));
      assertEquals(List.of(e, d), ids.apply(TraceQuery.builder().from(D2)));
      assertEquals(
          List.of(d),
          ids.apply(
              TraceQuery.builder()
                  .from(D1.plusSeconds(1))
                  .to(D2.plusSeconds(1))
                  .agentName("planner")));
      assertEquals(
          List.of(),
          ids.apply(TraceQuery.builder().traceId("t1").agentName("planner").level("ERROR")));
      StoredEvent<io.sluice.model.TraceEvent> first =
          q.traces(TraceQuery.builder().traceId("t2").limit(1).build()).items().get(0);
      assertEquals(D2.plusSeconds(1), first.recordedAt());
      assertEquals("coder", first.event().agentName());
      assertEquals(TraceLevel.DEBUG, first.event().level());
    }
  }

  @Test
  void routing_eachFilter_returnsOnlyMatchesNewestFirst() throws Exception {
    UUID a = EventRows.routing(c, D1, "planner", 0.95, "semantic");
    UUID b = EventRows.routing(c, D1.plusSeconds(1), "coder", 0.40, "keyword");
    UUID d = EventRows.routing(c, D2, "planner", 0.50, "keyword");
    try (SluiceQueries q = SluiceQueries.open(postgres.database())) {
      Function<RoutingQuery.Builder, List<UUID>> ids = r -> ids(q.routing(r.build()));
      assertEquals(List.of(d, b, a), ids.apply(RoutingQuery.builder()));
      assertEquals(List.of(d, a), ids.apply(RoutingQuery.builder().selectedAgent("planner")));
      assertEquals(List.of(d, a), ids.apply(RoutingQuery.builder().minConfidence(0.5)));
      assertEquals(
          List.of(a),
          ids.apply(RoutingQuery.builder().selectedAgent("planner").minConfidence(0.9)));
      assertEquals(List.of(d, b), ids.apply(RoutingQuery.builder().routingStrategy("keyword")));
      assertEquals(List.of(b, a), ids.apply(RoutingQuery.builder().from(D1).to(D2)));
      var read =
          q.routing(RoutingQuery.builder().selectedAgent("coder").build()).items().get(0).event();
      assertEquals(0.40, read.confidenceScore());
      assertEquals("other", read.alternatives().get(0).agent());
    }
  }

  @Test
  void metrics_eachFilter_returnsOnlyMatchesNewestFirst() throws Exception {
    UUID a = EventRows.metric(c, D1, "latency_ms", 10, "api");
    UUID b = EventRows.metric(c, D1.plusSeconds(1), "latency_ms", 20, "db");
    UUID d = EventRows.metric(c, D2, "errors", 1, "api");
    try (SluiceQueries q = SluiceQueries.open(postgres.database())) {
      Function<MetricQuery.Builder, List<UUID>> ids = m -> ids(q.metrics(m.build()));
      assertEquals(List.of(d, b, a), ids.apply(MetricQuery.builder()));
      assertEquals(List.of(b, a), ids.apply(MetricQuery.builder().metricName("latency_ms")));
      assertEquals(List.of(d, a), ids.apply(MetricQuery.builder().component("api")));
      assertEquals(
          List.of(a), ids.apply(MetricQuery.builder().metricName("latency_ms").component("api")));
      assertEquals(List.of(d), ids.apply(MetricQuery.builder().from(D2)));
      assertEquals(
          20.0,
          q.metrics(MetricQuery.builder().component("db").build())
              .items()
              .get(0)
              .event()
              .metricValue());
    }
  }

  @Test
  void transformations_eachFilter_returnsOnlyMatchesNewestFirst() throws Exception {
    UUID a = EventRows.transformation(c, D1, "planner", "coder", "delegation");
    UUID b = EventRows.transformation(c, D1.plusSeconds(1), "coder", "reviewer", "handoff");
    UUID d = EventRows.transformation(c, D2, "planner", "reviewer", "handoff");
    try (SluiceQueries q = SluiceQueries.open(postgres.database())) {
      Function<TransformationQuery.Builder, List<UUID>> ids =
          t -> ids(q.transformations(t.build()));
      assertEquals(List.of(d, b, a), ids.apply(TransformationQuery.builder()));
      assertEquals(List.of(d, a), ids.apply(TransformationQuery.builder().sourceAgent("planner")));
      assertEquals(List.of(d, b), ids.apply(TransformationQuery.builder().targetAgent("reviewer")));
      assertEquals(
          List.of(d),
          ids.apply(TransformationQuery.builder().sourceAgent("planner").targetAgent("reviewer")));
      assertEquals(
          List.of(d, b), ids.apply(TransformationQuery.builder().transformationType("handoff")));
      assertEquals(List.of(b, a), ids.apply(TransformationQuery.builder().to(D2)));
    }
  }

  @Test
  void metricBuckets_perBucket_countAvgPercentilesMax() throws Exception {
    // Half a minute past: a range that cuts a minute is answered from the rows, exactly
    // (RollupAggregateTest covers the rollups).
    Instant from = Instant.parse("2026-05-10T08:00:30Z");
    for (int v = 1; v <= 10; v++) {
      EventRows.metric(c, from.plusSeconds(v * 10L), "latency_ms", v, "api"); // bucket 0: 1..10
    }
    EventRows.metric(
        c, from.plus(Duration.ofMinutes(10)).plusSeconds(1), "latency_ms", 100, "api"); // bucket 2
    EventRows.metric(c, from.plusSeconds(30), "latency_ms", 1_000, "db"); // other component
    EventRows.metric(c, from.plusSeconds(30), "other", 1_000, "api"); // other metric
    try (SluiceQueries q = SluiceQueries.open(postgres.database())) {
      List<MetricBucket> buckets =
          q.metricBuckets(
              MetricAggregateQuery.builder()
                  .metricName("latency_ms")
                  .component("api")
                  .from(from)
                  .to(from.plus(Duration.ofMinutes(15)))
                  .bucket(Duration.ofMinutes(5))
                  .build());
      assertEquals(2, buckets.size(), buckets.toString());
      MetricBucket first = buckets.get(0);
      assertEquals(from, first.start());
      assertEquals(10, first.count());
      assertEquals(5.5, first.avg(), 1e-9);
      assertEquals(5.5, first.p50(), 1e-9);
      assertEquals(9.55, first.p95(), 1e-9);
      assertEquals(10, first.max(), 1e-9);
      assertEquals(
          new MetricBucket(from.plus(Duration.ofMinutes(10)), 1, 100, 100, 100, 100),
          buckets.get(1));
      assertEquals(
          12,
          q.metricBuckets(
                  MetricAggregateQuery.builder()
                      .metricName("latency_ms")
                      .from(from)
                      .to(from.plus(Duration.ofMinutes(15)))
                      .bucket(Duration.ofMinutes(15))
                      .build())
              .get(0)
              .count());
    }
  }

  @Test
  void cursor_ofAnotherKindOrDamaged_isRejected() throws Exception {
    EventRows.routing(c, D1, "planner", 0.9, "s");
    EventRows.routing(c, D2, "planner", 0.9, "s");
    try (SluiceQueries q = SluiceQueries.open(postgres.database())) {
      String cursor = q.routing(RoutingQuery.builder().limit(1).build()).nextCursor();
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> TraceQuery.builder().after(cursor));
      assertTrue(
          e.getMessage().contains("cursor") && e.getMessage().contains("trace event"),
          e.getMessage());
      assertThrows(
          IllegalArgumentException.class, () -> RoutingQuery.builder().after(cursor.substring(1)));
      assertThrows(
          IllegalArgumentException.class, () -> RoutingQuery.builder().after("not base64!"));
    }
  }

  @Test
  void query_onDatabaseWithoutSchema_failsNamingSqlState() throws Exception {
    try (SluiceQueries q = SluiceQueries.open(PostgresExtension.createDatabase())) {
      SluiceException e =
          assertThrows(SluiceException.class, () -> q.traces(TraceQuery.builder().build()));
      assertTrue(e.getMessage().contains("SQLSTATE 42P01"), e.getMessage());
      assertFalse(e.getMessage().contains("password="), e.getMessage());
    }
  }

  @Test
  void listener_isToldOfEachQueryAndFailure() throws Exception {
    List<String> seen = new ArrayList<>();
    try (SluiceQueries q =
        SluiceQueries.builder(postgres.database())
            .listener((kind, nanos, failed) -> seen.add(kind + ":" + failed))
            .open()) {
      q.metrics(MetricQuery.builder().build());
      q.routing(RoutingQuery.builder().build());
    }
    assertEquals(List.of(EventKind.METRIC + ":false", EventKind.ROUTING + ":false"), seen);
  }

  static List<UUID> ids(Page<? extends StoredEvent<?>> page) {
    return page.items().stream().map(StoredEvent::id).map(UUID.class::cast).toList();
  }
}
