package io.sluice.bench;

import io.sluice.model.EventKind;
import io.sluice.model.SpooledEvent;
import io.sluice.model.TraceEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;

/**
 * The other candidate sink the ingest notes measured: the same trace rows as {@link CopyBaseline},
 * written with a JDBC batch of INSERTs and pgjdbc's {@code reWriteBatchedInserts=true} (multi-row
 * VALUES), in batches of the drainer's size, one transaction each. Run beside COPY so the choice of
 * COPY for the drainer rests on a same-run ratio. Trace events only. Not thread-safe.
 */
final class InsertBaseline {
  private static final String SQL =
      "INSERT INTO "
          + EventKind.SCHEMA
          + ".trace_events (id, recorded_at, occurred_at, trace_id, event_type, level, message,"
          + " agent_name, task_id, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)";

  private final int batchEvents;

  InsertBaseline(int batchEvents) {
    this.batchEvents = batchEvents;
  }

  long load(Connection c, List<SpooledEvent> rows) throws SQLException {
    c.setAutoCommit(false);
    long loaded = 0;
    try (PreparedStatement ps = c.prepareStatement(SQL)) {
      for (int from = 0; from < rows.size(); from += batchEvents) {
        for (SpooledEvent e : rows.subList(from, Math.min(rows.size(), from + batchEvents))) {
          TraceEvent t = (TraceEvent) e.event();
          ps.setObject(1, e.id());
          ps.setTimestamp(2, Timestamp.from(e.recordedAt()));
          ps.setTimestamp(3, Timestamp.from(t.occurredAt()));
          ps.setString(4, t.traceId());
          ps.setString(5, t.eventType());
          ps.setString(6, t.level().name());
          ps.setString(7, t.message());
          ps.setString(8, t.agentName());
          ps.setString(9, t.taskId());
          if (t.metadata() == null) {
            ps.setNull(10, Types.VARCHAR);
          } else {
            ps.setString(10, t.metadata());
          }
          ps.addBatch();
        }
        ps.executeBatch();
        c.commit();
        loaded += Math.min(rows.size(), from + batchEvents) - from;
      }
    }
    return loaded;
  }
}
