package io.sluice.internal.drain;

import io.sluice.model.EventKind;
import io.sluice.model.OperationsConfig;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;

/**
 * How long each kind of event is kept, and the one rule that says whether a day is past it: a UTC
 * day is expired for a kind when its whole day ended more than {@code retentionDays} ago, that is
 * when {@code day + 1 <= now - retentionDays}. Retention removes exactly the partitions of expired
 * days; the drainer sets aside late events of expired days instead of writing them (which would
 * re-create a removed partition). Thread-safe (immutable).
 */
public final class RetentionPolicy {
  private final Map<EventKind, Integer> days = new EnumMap<>(EventKind.class);

  public RetentionPolicy(OperationsConfig config) {
    for (EventKind k : EventKind.values()) {
      days.put(k, config.retentionDays(k));
    }
  }

  public int retentionDays(EventKind kind) {
    return days.get(kind);
  }

  /** The instant before which whole days of {@code kind} are expired. */
  public Instant cutoff(EventKind kind, Instant now) {
    return now.minusSeconds(86_400L * days.get(kind));
  }

  /**
   * True when events of {@code kind} recorded on UTC day {@code recordedDay} are past retention at
   * {@code now}.
   */
  public boolean isExpired(EventKind kind, LocalDate recordedDay, Instant now) {
    Instant dayEnd = recordedDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    return !dayEnd.isAfter(cutoff(kind, now));
  }

  @Override
  public String toString() {
    return "RetentionPolicy" + days;
  }
}
