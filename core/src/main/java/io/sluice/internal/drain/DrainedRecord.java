package io.sluice.internal.drain;

import io.sluice.model.EventKind;
import io.sluice.model.SpooledEvent;
import java.util.UUID;

/**
 * One spool record in a batch: its index, its bytes (kept for the dead-letter spool, and copied
 * field by field into its COPY row), its kind and id.
 *
 * @param decoded the event, when the record needed the full decoder to be read ({@code
 *     RecordCursor.check} was unsure of it); null for the common record, which is never decoded:
 *     its COPY row is copied from its bytes, its metric fields read in place ({@code
 *     RecordCursor.readMetric})
 */
record DrainedRecord(long index, byte[] raw, EventKind kind, UUID id, SpooledEvent decoded) {

  /** A record read by the full decoder. */
  DrainedRecord(long index, byte[] raw, SpooledEvent decoded) {
    this(index, raw, decoded.event().kind(), decoded.id(), decoded);
  }
}
