package io.sluice.query;

import io.sluice.model.EventKind;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one keyset-paginated SELECT with bound parameters only; column names come from code, never
 * from input.
 *
 * <h2>Order</h2>
 *
 * Results are newest first by {@code (recorded_at, id)}. Two equivalent SQL orders are used, so
 * that an index always delivers rows in order and {@code LIMIT} stops early:
 *
 * <ul>
 *   <li>{@link Order#TIME}: {@code ORDER BY recorded_at DESC, id DESC}, when an equality filter has
 *       an index {@code (column, recorded_at DESC)};
 *   <li>{@link Order#ID}: {@code ORDER BY id DESC} otherwise, walking each day partition's primary
 *       key {@code (id, recorded_at)} backwards. This is the same order: {@code recorded_at} is the
 *       millisecond timestamp in the first 48 bits of the UUIDv7 {@code id}, and PostgreSQL
 *       compares uuids byte by byte.
 * </ul>
 *
 * The {@code recorded_at} bounds (range and cursor) let PostgreSQL skip whole day partitions.
 */
final class Select {
  enum Order {
    TIME,
    ID
  }

  private final String columns;
  private final EventKind kind;
  private final List<String> where = new ArrayList<>();
  private final Map<String, Object> binds = new LinkedHashMap<>();

  Select(EventKind kind, String columns) {
    this.kind = kind;
    this.columns = columns;
  }

  /** Adds {@code column = :param} unless {@code value} is null. */
  Select eq(String column, Object value) {
    if (value != null) {
      String p = "p" + binds.size();
      where.add(column + " = :" + p);
      binds.put(p, value);
    }
    return this;
  }

  /** Adds {@code column >= :param} unless {@code value} is null. */
  Select atLeast(String column, Object value) {
    if (value != null) {
      String p = "p" + binds.size();
      where.add(column + " >= :" + p);
      binds.put(p, value);
    }
    return this;
  }

  Select range(Instant from, Instant to) {
    if (from != null) {
      where.add("recorded_at >= :from_at");
      binds.put("from_at", utc(from));
    }
    if (to != null) {
      where.add("recorded_at < :to_at");
      binds.put("to_at", utc(to));
    }
    return this;
  }

  /** The SQL for one page: fetches {@code limit + 1} rows to learn whether more follow. */
  String pageSql(Paging paging, Order order) {
    range(paging.from, paging.to);
    Cursor c = paging.cursor;
    if (c != null) {
      binds.put("c_at", utc(c.recordedAt()));
      binds.put("c_id", c.id());
      where.add(
          order == Order.TIME
              ? "recorded_at <= :c_at AND (recorded_at < :c_at OR id < :c_id)"
              : "id < :c_id AND recorded_at <= :c_at");
    }
    binds.put("row_limit", paging.limit + 1);
    return "SELECT "
        + columns
        + " FROM "
        + table()
        + whereClause()
        + (order == Order.TIME ? " ORDER BY recorded_at DESC, id DESC" : " ORDER BY id DESC")
        + " LIMIT :row_limit";
  }

  String table() {
    return EventKind.SCHEMA + "." + kind.tableName();
  }

  String whereClause() {
    return where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
  }

  Map<String, Object> binds() {
    return binds;
  }

  Object bind(String name, Object value) {
    return binds.put(name, value);
  }

  static OffsetDateTime utc(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }
}
