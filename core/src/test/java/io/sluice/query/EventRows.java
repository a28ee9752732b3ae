package io.sluice.query;

import com.zaxxer.hikari.HikariDataSource;
import io.sluice.internal.db.Partitions;
import io.sluice.internal.db.Pools;
import io.sluice.internal.db.Schema;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.TraceLevel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Puts rows straight into the event tables, on any day, for query and retention tests.
 *
 * <p>Why not append through Sluice: an appended event's {@code recorded_at} is the moment of append
 * (the UUIDv7 timestamp), so it cannot land on past days. Rows made here keep the drainer's
 * invariant: {@code recorded_at} is the millisecond timestamp of a UUIDv7 {@code id}.
 */
final class EventRows {
  private EventRows() {}

  /** Applies the migrations to {@code db}. */
  static void migrate(DatabaseConfig db) {
    try (HikariDataSource ds = Pools.writer(db, "test")) {
      Schema.migrate(ds, "test");
    }
  }

  /** Creates the day partitions of every table for {@code days}. */
  static void ensureDays(Connection c, Set<LocalDate> days) {
    Handle h = Jdbi.open(c);
    h.useTransaction(tx -> new Partitions().ensure(tx, days));
  }

  static void ensureDays(Connection c, LocalDate first, LocalDate last) {
    Set<LocalDate> days = new HashSet<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      days.add(d);
    }
    ensureDays(c, days);
  }

  /** A UUIDv7 carrying {@code at}'s millisecond, as Sluice's generator makes them. */
  static UUID uuid7(Instant at) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (at.toEpochMilli() << 16) | 0x7000L | (r.nextInt() & 0x0FFF);
    long lsb = (r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }

  static UUID trace(
      Connection c, Instant at, String traceId, String agent, String type, TraceLevel level)
      throws SQLException {
    UUID id = uuid7(at);
    insert(
        c,
        "INSERT INTO agent_observability.trace_events (id, recorded_at, occurred_at, trace_id,"
            + " event_type, level, message, agent_name, task_id, metadata) VALUES (?,?,?,?,?,?,?,?,?,?::jsonb)",
        id,
        ms(at),
        ms(at),
        traceId,
        type,
        level.name(),
        "m",
        agent,
        null,
        null);
    return id;
  }

  static UUID routing(Connection c, Instant at, String agent, double confidence, String strategy)
      throws SQLException {
    UUID id = uuid7(at);
    insert(
        c,
        "INSERT INTO agent_observability.routing_decisions (id, recorded_at, occurred_at,"
            + " user_request, selected_agent, confidence_score, alternatives, reasoning, routing_strategy)"
            + " VALUES (?,?,?,?,?,?,?::jsonb,?,?)",
        id,
        ms(at),
        ms(at),
        "req",
        agent,
        confidence,
        "[{\"agent\": \"other\", \"confidence\": 0.1}]",
        null,
        strategy);
    return id;
  }

  static UUID metric(Connection c, Instant at, String name, double value, String component)
      throws SQLException {
    UUID id = uuid7(at);
    insert(
        c,
        "INSERT INTO agent_observability.performance_metrics (id, recorded_at, occurred_at,"
            + " metric_name, metric_value, metric_type, component, tags) VALUES (?,?,?,?,?,?,?,?::jsonb)",
        id,
        ms(at),
        ms(at),
        name,
        value,
        "gauge",
        component,
        null);
    return id;
  }

  static UUID transformation(Connection c, Instant at, String source, String target, String type)
      throws SQLException {
    UUID id = uuid7(at);
    insert(
        c,
        "INSERT INTO agent_observability.transformation_events (id, recorded_at, occurred_at,"
            + " source_agent, target_agent, transformation_type, reason, context)"
            + " VALUES (?,?,?,?,?,?,?,?::jsonb)",
        id,
        ms(at),
        ms(at),
        source,
        target,
        type,
        null,
        null);
    return id;
  }

  static LocalDate day(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC);
  }

  private static java.time.OffsetDateTime ms(Instant at) {
    return at.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
  }

  private static void insert(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        ps.setObject(i + 1, values[i]);
      }
      ps.executeUpdate();
    }
  }

  static List<String> explain(Connection c, String sql) throws SQLException {
    try (var st = c.createStatement();
        var rs = st.executeQuery("EXPLAIN " + sql)) {
      List<String> lines = new java.util.ArrayList<>();
      while (rs.next()) {
        lines.add(rs.getString(1));
      }
      return lines;
    }
  }
}
