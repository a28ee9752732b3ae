package io.sluice.bench;

import io.sluice.BulkLoad;
import io.sluice.model.EventKind;
import io.sluice.model.SpooledEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The ceiling the drainer is measured against: rows loaded by binary COPY straight into Sluice's
 * tables, with Sluice's own row encoder, in batches of the drainer's size, one transaction per
 * batch (one COPY per event kind in the batch), and nothing else: no spool, no decoding, no
 * checkpoint, no pool. Not thread-safe.
 *
 * <p>The baseline is Sluice's own COPY encoder, through the public {@link BulkLoad}, so the ratio
 * measures everything the drainer adds around it.
 */
final class CopyBaseline {
  private final BulkLoad bulk = new BulkLoad();
  private final int batchEvents;

  CopyBaseline(int batchEvents) {
    this.batchEvents = batchEvents;
  }

  /** Loads {@code rows}, committing every {@code batchEvents}; returns the rows COPY reported. */
  long load(Connection c, List<SpooledEvent> rows) throws SQLException {
    c.setAutoCommit(false);
    long loaded = 0;
    for (int from = 0; from < rows.size(); from += batchEvents) {
      loaded += copy(c, rows.subList(from, Math.min(rows.size(), from + batchEvents)));
      c.commit();
    }
    return loaded;
  }

  /** Opens one connection of a concurrent load; see {@link #loadConcurrently}. */
  @FunctionalInterface
  interface ConnectionSource {
    Connection open() throws SQLException;
  }

  /**
   * Loads {@code rows} over {@code streams} connections at once, each its own thread and its own
   * {@link CopyBaseline} on a contiguous share of the rows (as that many drainers would), and
   * returns the rows COPY reported in total once all are done: the ceiling for a fleet of drainers
   * into one database.
   */
  static long loadConcurrently(
      ConnectionSource connections, List<SpooledEvent> rows, int streams, int batchEvents)
      throws SQLException, InterruptedException {
    List<List<SpooledEvent>> parts = new ArrayList<>();
    int share = (rows.size() + streams - 1) / streams;
    for (int s = 0; s < streams; s++) {
      parts.add(
          rows.subList(Math.min(rows.size(), s * share), Math.min(rows.size(), (s + 1) * share)));
    }
    return loadParts(connections, parts, batchEvents);
  }

  /** COPYs one batch in the transaction {@code c} is in, without committing it. */
  long copy(Connection c, List<SpooledEvent> batch) throws SQLException {
    return bulk.copy(c, batch);
  }

  /**
   * The same rows by one COPY stream per event kind at once (four for the realistic mix), each on
   * its own connection from {@code connect}, in batches of {@code batchEvents} rows, one
   * transaction each: PostgreSQL's ceiling with its parsing and index upkeep spread over streams.
   * Returns the rows COPY reported.
   */
  long loadByKindConcurrently(ConnectionSource connect, List<SpooledEvent> rows)
      throws SQLException, InterruptedException {
    return loadParts(connect, new ArrayList<>(byKind(rows).values()), batchEvents);
  }

  /** Loads each part on its own connection and thread at once; the rows COPY reported in all. */
  private static long loadParts(
      ConnectionSource connections, List<List<SpooledEvent>> parts, int batchEvents)
      throws SQLException, InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(parts.size());
    try {
      List<Future<Long>> loads = new ArrayList<>();
      for (List<SpooledEvent> part : parts) {
        loads.add(
            pool.submit(
                () -> {
                  try (Connection c = connections.open()) {
                    return new CopyBaseline(batchEvents).load(c, part);
                  }
                }));
      }
      long loaded = 0;
      for (Future<Long> load : loads) {
        try {
          loaded += load.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof SQLException sql) {
            throw sql;
          }
          throw new IllegalStateException("a COPY stream failed: " + e.getCause(), e.getCause());
        }
      }
      return loaded;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Map<EventKind, List<SpooledEvent>> byKind(List<SpooledEvent> batch) {
    if (batch.stream().allMatch(e -> e.event().kind() == EventKind.TRACE)) {
      return Map.of(EventKind.TRACE, batch); // the trace-only workload: no copying
    }
    Map<EventKind, List<SpooledEvent>> byKind = new EnumMap<>(EventKind.class);
    for (SpooledEvent e : batch) {
      byKind.computeIfAbsent(e.event().kind(), k -> new ArrayList<>()).add(e);
    }
    return byKind;
  }
}
