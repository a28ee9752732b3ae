package io.sluice.internal.drain;

import java.sql.SQLException;

/** A row PostgreSQL refused, isolated from its batch, with the error it gave and the failed writes it was part of. */
record Rejection(DrainedRecord record, SQLException error, int attempts) {}
