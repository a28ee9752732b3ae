package io.sluice.internal.drain;

import io.sluice.model.SpooledEvent;

/**
 * One spool record in a batch: its index, its bytes (kept for the dead-letter spool) and the event
 * decoded from them.
 */
record DrainedRecord(long index, byte[] raw, SpooledEvent event) {}
