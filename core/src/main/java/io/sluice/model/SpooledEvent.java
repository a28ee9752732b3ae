package io.sluice.model;

import java.time.Instant;
import java.util.UUID;

/**
 * An event as the spool holds it: with the time-ordered id Sluice gave it on append.
 *
 * @param id a UUIDv7; its timestamp is when the event was recorded
 * @param event the event itself
 */
public record SpooledEvent(UUID id, Event event) {
  /** When Sluice recorded the event: the millisecond timestamp in the UUIDv7 id. */
  public Instant recordedAt() {
    return Instant.ofEpochMilli(recordedAtMillis(id));
  }

  public static long recordedAtMillis(UUID id) {
    return id.getMostSignificantBits() >>> 16;
  }
}
