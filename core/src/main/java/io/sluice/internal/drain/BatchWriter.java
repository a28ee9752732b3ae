package io.sluice.internal.drain;

import io.sluice.EventKind;
import io.sluice.internal.codec.SpooledEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes one drained batch in one transaction: missing day partitions, one binary COPY per event
 * kind, and the checkpoint compare-and-set. Either all of it commits or none of it does, which is
 * what makes delivery exactly-once. Not thread-safe.
 */
final class BatchWriter {
  private final CopyRowEncoder encoder = new CopyRowEncoder();
  private final Partitions partitions;

  BatchWriter(Partitions partitions) {
    this.partitions = partitions;
  }

  /**
   * Writes {@code batch} (in spool order, ending at spool index {@code lastIndex}) and advances
   * {@code checkpoint}, in the transaction {@code h} has begun. The caller commits.
   */
  Checkpoint write(Handle h, List<SpooledEvent> batch, Checkpoint checkpoint, long lastIndex)
      throws SQLException {
    Map<EventKind, List<SpooledEvent>> byKind = new EnumMap<>(EventKind.class);
    Set<LocalDate> days = new HashSet<>();
    for (SpooledEvent e : batch) {
      byKind.computeIfAbsent(e.event().kind(), k -> new ArrayList<>()).add(e);
      days.add(Partitions.dayOf(SpooledEvent.recordedAtMillis(e.id())));
    }
    Set<LocalDate> created = partitions.ensure(h, days);
    try {
      Connection c = h.getConnection();
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      for (Map.Entry<EventKind, List<SpooledEvent>> entry : byKind.entrySet()) {
        encoder.copy(copy.copyIn(CopyRowEncoder.copySql(entry.getKey())), entry.getValue());
      }
      return CheckpointStore.advance(h, checkpoint, lastIndex, batch.size());
    } catch (SQLException | RuntimeException e) {
      partitions.unlearn(created);
      throw e;
    }
  }
}
