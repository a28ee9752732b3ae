package io.sluice.internal.drain;

import io.sluice.model.DeadLetter;
import java.sql.SQLException;
import java.time.Instant;

/**
 * A row PostgreSQL refused, isolated from its batch, with the error it gave and the failed writes
 * it was part of.
 */
record Rejection(DrainedRecord record, SQLException error, int attempts) {
  DeadLetter toDeadLetter(Instant now) {
    return new DeadLetter(
        DeadLetter.Reason.REJECTED,
        record.index(),
        error.getSQLState(),
        error.getMessage(),
        attempts,
        now,
        record.raw());
  }
}
