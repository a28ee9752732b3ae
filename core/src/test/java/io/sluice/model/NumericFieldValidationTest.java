package io.sluice.model;

import static io.sluice.model.EventValidationFixtures.assertRefused;
import static io.sluice.model.EventValidationFixtures.metric;
import static io.sluice.model.EventValidationFixtures.routing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Metric values must be finite; confidence scores must lie from 0 to 1. */
class NumericFieldValidationTest {
  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void build_metricValueNotFinite_throwsNamingMetricValue(double value) {
    InvalidEventException e =
        assertRefused("metric_value", () -> metric().metricValue(value).build());
    assertTrue(e.getMessage().contains(String.valueOf(value)), e.getMessage());
    assertTrue(e.getMessage().contains("finite"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e308, -Double.MAX_VALUE, 42})
  void build_metricValueFinite_isKeptExactly(double value) {
    assertEquals(
        Double.doubleToRawLongBits(value),
        Double.doubleToRawLongBits(metric().metricValue(value).build().metricValue()));
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {
        -0.000001,
        -1,
        1.000001,
        Math.PI,
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        -Double.MIN_VALUE
      })
  void build_confidenceScoreOutsideUnitInterval_throwsNamingConfidenceScore(double value) {
    InvalidEventException e =
        assertRefused("confidence_score", () -> routing().confidenceScore(value).build());
    assertTrue(e.getMessage().contains("from 0 to 1"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, -0.0, Double.MIN_VALUE, 0.5, 0.9999999999999999, 1.0})
  void build_confidenceScoreInsideUnitInterval_isAccepted(double value) {
    assertEquals(value, routing().confidenceScore(value).build().confidenceScore());
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {-0.1, 1.1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void build_alternativeConfidenceOutsideUnitInterval_throwsNamingIt(double value) {
    assertRefused(
        "alternatives.confidence",
        () -> routing().alternatives(List.of(new RoutingAlternative("a", value))).build());
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 1.0, 0.25})
  void build_alternativeConfidenceInsideUnitInterval_isAccepted(double value) {
    assertEquals(value, new RoutingAlternative("a", value).confidence());
  }
}
