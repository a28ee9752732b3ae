package io.sluice.internal.drain;

import io.sluice.internal.codec.EventDecoder;
import io.sluice.model.EventKind;
import io.sluice.model.SpooledEvent;
import java.util.UUID;

/**
 * One spool record in a batch: its index, its bytes (kept for the dead-letter spool, and copied
 * field by field into its COPY row), its kind and id.
 *
 * @param decoded the event, when the record needed the full decoder to be read ({@code
 *     RecordCursor.check} was unsure of it); null for the common record, which is never decoded
 */
record DrainedRecord(long index, byte[] raw, EventKind kind, UUID id, SpooledEvent decoded) {

  /** A record read by the full decoder. */
  DrainedRecord(long index, byte[] raw, SpooledEvent decoded) {
    this(index, raw, decoded.event().kind(), decoded.id(), decoded);
  }

  /**
   * The event, decoded from {@link #raw} on each call unless it was decoded already: for what needs
   * the fields as values (not the drain's hot path, which copies bytes). The record was checked
   * when it was read, so this does not fail.
   */
  SpooledEvent event() {
    return decoded != null ? decoded : new EventDecoder().decode(raw);
  }
}
