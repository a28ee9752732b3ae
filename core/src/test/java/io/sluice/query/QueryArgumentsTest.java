package io.sluice.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.model.EventKind;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad arguments fail at once with a message naming the argument, the value and the rule. */
class QueryArgumentsTest {
  private static final Instant T = Instant.parse("2026-05-10T08:00:00Z");

  @Test
  void limit_outsideOneToTenThousand_isRejectedNamingLimitAndRange() {
    for (int bad : new int[] {0, -1, 10_001}) {
      String m = message(() -> TraceQuery.builder().limit(bad));
      assertTrue(m.contains("limit is " + bad) && m.contains("1 to 10000"), m);
      message(() -> RoutingQuery.builder().limit(bad));
      message(() -> MetricQuery.builder().limit(bad));
      message(() -> TransformationQuery.builder().limit(bad));
    }
    assertEquals(10_000, TraceQuery.builder().limit(10_000).build().paging.limit);
    assertEquals(100, TraceQuery.builder().build().paging.limit);
  }

  @Test
  void range_fromNotBeforeTo_isRejected() {
    String m = message(() -> TraceQuery.builder().from(T).to(T.minusSeconds(1)).build());
    assertTrue(m.contains("from is") && m.contains("expected from before to"), m);
    message(() -> RoutingQuery.builder().from(T).to(T).build());
    message(() -> MetricQuery.builder().from(T.plusSeconds(1)).to(T).build());
    message(() -> TransformationQuery.builder().from(T.plusSeconds(1)).to(T).build());
  }

  @Test
  void level_unknownName_isRejectedListingTheLevels() {
    String m = message(() -> TraceQuery.builder().level("FATAL"));
    assertTrue(m.contains("level is \"FATAL\"") && m.contains("CRITICAL"), m);
  }

  @Test
  void minConfidence_outsideZeroToOne_isRejected() {
    assertTrue(
        message(() -> RoutingQuery.builder().minConfidence(1.5)).contains("minConfidence is 1.5"));
    message(() -> RoutingQuery.builder().minConfidence(Double.NaN));
  }

  @Test
  void aggregate_missingOrTooManyBuckets_isRejected() {
    assertTrue(
        message(
                () ->
                    MetricAggregateQuery.builder()
                        .from(T)
                        .to(T.plusSeconds(60))
                        .bucket(Duration.ofSeconds(1))
                        .build())
            .contains("metricName is not set"));
    assertTrue(
        message(
                () ->
                    MetricAggregateQuery.builder()
                        .metricName("m")
                        .to(T)
                        .bucket(Duration.ofSeconds(1))
                        .build())
            .contains("from is not set"));
    String m =
        message(
            () ->
                MetricAggregateQuery.builder()
                    .metricName("m")
                    .from(T)
                    .to(T.plus(Duration.ofDays(1)))
                    .bucket(Duration.ofSeconds(1))
                    .build());
    assertTrue(m.contains("86400 buckets") && m.contains("at most 10000"), m);
    message(() -> MetricAggregateQuery.builder().bucket(Duration.ofMillis(10)));
  }

  @Test
  void cursor_roundTrips_andKeepsMicroseconds() {
    UUID id = UUID.randomUUID();
    Instant at = Instant.parse("2026-05-10T08:00:00.123456Z");
    Cursor c = Cursor.decode(EventKind.METRIC, Cursor.of(EventKind.METRIC, at, id).encode());
    assertEquals(at, c.recordedAt());
    assertEquals(id, c.id());
  }

  private static String message(Executable e) {
    return assertThrows(IllegalArgumentException.class, e).getMessage();
  }
}
