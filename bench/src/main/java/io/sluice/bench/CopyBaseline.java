package io.sluice.bench;

import io.sluice.internal.drain.CopyRowEncoder;
import io.sluice.model.EventKind;
import io.sluice.model.SpooledEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The ceiling the drainer is measured against: rows loaded by binary COPY straight into Sluice's
 * tables, with Sluice's own row encoder, in batches of the drainer's size, one transaction per
 * batch (one COPY per event kind in the batch), and nothing else: no spool, no decoding, no
 * checkpoint, no pool. Not thread-safe.
 *
 * <p>The one internal class the benchmarks use: the baseline is defined as Sluice's own COPY
 * encoder, so the ratio measures everything the drainer adds around it. Everything else here goes
 * through the public API ({@code SluiceDatabase}, {@code EventKind}, {@code SluiceQueries}).
 */
final class CopyBaseline {
  private final CopyRowEncoder encoder = new CopyRowEncoder();
  private final int batchEvents;

  CopyBaseline(int batchEvents) {
    this.batchEvents = batchEvents;
  }

  /** Loads {@code rows}, committing every {@code batchEvents}; returns the rows COPY reported. */
  long load(Connection c, List<SpooledEvent> rows) throws SQLException {
    c.setAutoCommit(false);
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    long loaded = 0;
    for (int from = 0; from < rows.size(); from += batchEvents) {
      List<SpooledEvent> batch = rows.subList(from, Math.min(rows.size(), from + batchEvents));
      for (Map.Entry<EventKind, List<SpooledEvent>> e : byKind(batch).entrySet()) {
        loaded += encoder.copy(copy.copyIn(CopyRowEncoder.copySql(e.getKey())), e.getValue());
      }
      c.commit();
    }
    return loaded;
  }

  /**
   * The same rows by one COPY stream per event kind at once (four for the realistic mix), each on
   * its own connection from {@code connect}, in batches of {@code batchEvents} rows, one
   * transaction each: PostgreSQL's ceiling with its parsing and index upkeep spread over streams.
   * Returns the rows COPY reported.
   */
  long loadConcurrently(ConnectionSource connect, List<SpooledEvent> rows) throws Exception {
    Map<EventKind, List<SpooledEvent>> byKind = byKind(rows);
    List<Connection> connections = new ArrayList<>();
    ExecutorService streams = Executors.newFixedThreadPool(byKind.size());
    try {
      List<Future<Long>> loaded = new ArrayList<>();
      for (List<SpooledEvent> kindRows : byKind.values()) {
        Connection c = connect.get();
        connections.add(c);
        loaded.add(streams.submit(() -> new CopyBaseline(batchEvents).load(c, kindRows)));
      }
      long total = 0;
      for (Future<Long> f : loaded) {
        total += f.get();
      }
      return total;
    } finally {
      streams.shutdownNow();
      for (Connection c : connections) {
        c.close();
      }
    }
  }

  /** Opens a connection to the benchmark's database. */
  interface ConnectionSource {
    Connection get() throws SQLException;
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
