package io.sluice.query;

import io.sluice.model.Event;
import java.time.Instant;
import java.util.UUID;

/**
 * An event as PostgreSQL holds it.
 *
 * @param id the id {@link io.sluice.Sluice#append} returned (a UUIDv7)
 * @param recordedAt when Sluice recorded it: the millisecond timestamp inside {@code id}, and the
 *     column the tables are partitioned and ordered by
 * @param event the event; JSON fields come back as PostgreSQL's {@code jsonb} renders them (same
 *     content, keys possibly reordered and spacing normalized)
 * @param <E> the event type
 */
public record StoredEvent<E extends Event>(UUID id, Instant recordedAt, E event) {}
