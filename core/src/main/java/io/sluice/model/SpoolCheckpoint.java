package io.sluice.model;

import java.time.Duration;
import java.time.Instant;

/**
 * One spool's checkpoint row as the database holds it: what a fleet of Sluice processes (one spool
 * each) has committed into one PostgreSQL, read by {@code SluiceDatabase.checkpoints}.
 *
 * <p>The database knows only what was committed. How many events still wait in a spool (its
 * backlog) is known only on the spool's host ({@code sluice status} there); a growing {@link
 * #sinceUpdate()} means that spool's drainer is idle (nothing appended), stopped, or stuck — the
 * database alone cannot tell which.
 *
 * @param spoolId the spool's id ({@code spool.properties} in its folder)
 * @param committedIndex the spool index of the last record the checkpoint covers; -1 when none
 * @param committedEvents rows committed from this spool, all time
 * @param deadLetteredEvents events of this spool set aside as dead letters, all time
 * @param updatedAt when the checkpoint last moved (the database's clock)
 * @param sinceUpdate the database's {@code now()} minus {@code updatedAt}: the lag of this spool's
 *     last commit, measured on one clock so host clock skew does not enter
 */
public record SpoolCheckpoint(
    String spoolId,
    long committedIndex,
    long committedEvents,
    long deadLetteredEvents,
    Instant updatedAt,
    Duration sinceUpdate) {}
