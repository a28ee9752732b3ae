package io.sluice.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.model.AgentTransformation;
import io.sluice.model.Event;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingAlternative;
import io.sluice.model.RoutingDecision;
import io.sluice.model.TraceEvent;
import io.sluice.model.TraceLevel;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The columns each query reads and how a row becomes a {@link StoredEvent}. Stateless. */
final class Rows {
  static final String TRACE =
      "id, recorded_at, occurred_at, trace_id, event_type, level, message, agent_name, task_id,"
          + " metadata::text AS metadata";
  static final String ROUTING =
      "id, recorded_at, occurred_at, user_request, selected_agent, confidence_score,"
          + " alternatives::text AS alternatives, reasoning, routing_strategy";
  static final String METRIC =
      "id, recorded_at, occurred_at, metric_name, metric_value, metric_type, component,"
          + " tags::text AS tags";
  static final String TRANSFORMATION =
      "id, recorded_at, occurred_at, source_agent, target_agent, transformation_type, reason,"
          + " context::text AS context";

  private static final JsonFactory JSON = new JsonFactory();

  private Rows() {}

  static StoredEvent<TraceEvent> trace(ResultSet rs) throws SQLException {
    TraceEvent e =
        new TraceEvent(
            rs.getString("trace_id"),
            rs.getString("event_type"),
            TraceLevel.valueOf(rs.getString("level")),
            rs.getString("message"),
            rs.getString("agent_name"),
            rs.getString("task_id"),
            rs.getString("metadata"),
            time(rs, "occurred_at"));
    return stored(rs, e);
  }

  static StoredEvent<RoutingDecision> routing(ResultSet rs) throws SQLException {
    RoutingDecision e =
        new RoutingDecision(
            rs.getString("user_request"),
            rs.getString("selected_agent"),
            rs.getDouble("confidence_score"),
            alternatives(rs.getString("alternatives")),
            rs.getString("reasoning"),
            rs.getString("routing_strategy"),
            time(rs, "occurred_at"));
    return stored(rs, e);
  }

  static StoredEvent<PerformanceMetric> metric(ResultSet rs) throws SQLException {
    PerformanceMetric e =
        new PerformanceMetric(
            rs.getString("metric_name"),
            rs.getDouble("metric_value"),
            rs.getString("metric_type"),
            rs.getString("component"),
            rs.getString("tags"),
            time(rs, "occurred_at"));
    return stored(rs, e);
  }

  static StoredEvent<AgentTransformation> transformation(ResultSet rs) throws SQLException {
    AgentTransformation e =
        new AgentTransformation(
            rs.getString("source_agent"),
            rs.getString("target_agent"),
            rs.getString("transformation_type"),
            rs.getString("reason"),
            rs.getString("context"),
            time(rs, "occurred_at"));
    return stored(rs, e);
  }

  static MetricBucket bucket(ResultSet rs) throws SQLException {
    return new MetricBucket(
        time(rs, "bucket"),
        rs.getLong("n"),
        rs.getDouble("avg_value"),
        rs.getDouble("p50"),
        rs.getDouble("p95"),
        rs.getDouble("max_value"));
  }

  private static <E extends Event> StoredEvent<E> stored(ResultSet rs, E event)
      throws SQLException {
    return new StoredEvent<>(rs.getObject("id", UUID.class), time(rs, "recorded_at"), event);
  }

  private static Instant time(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  /** Reads the {@code [{"agent": ..., "confidence": ...}]} array the drainer wrote. */
  static List<RoutingAlternative> alternatives(String json) throws SQLException {
    List<RoutingAlternative> list = new ArrayList<>();
    try (JsonParser p = JSON.createParser(json)) {
      expect(p.nextToken(), JsonToken.START_ARRAY, json);
      while (p.nextToken() == JsonToken.START_OBJECT) {
        String agent = null;
        double confidence = Double.NaN;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          p.nextToken();
          if ("agent".equals(field)) {
            agent = p.getValueAsString();
          } else if ("confidence".equals(field)) {
            confidence = p.getDoubleValue();
          } else {
            p.skipChildren();
          }
        }
        list.add(new RoutingAlternative(agent, confidence));
      }
    } catch (IOException e) {
      throw new SQLException(
          "routing_decisions.alternatives is not the expected JSON array: " + e.getMessage(), e);
    }
    return list;
  }

  private static void expect(JsonToken seen, JsonToken expected, String json) throws SQLException {
    if (seen != expected) {
      throw new SQLException(
          "routing_decisions.alternatives starts with "
              + seen
              + " (expected a JSON array): "
              + json);
    }
  }
}
