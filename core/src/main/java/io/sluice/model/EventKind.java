package io.sluice.model;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/** The four kinds of events Sluice stores, one PostgreSQL table each. */
public enum EventKind {
  TRACE(1, "trace event", "trace_events"),
  ROUTING(2, "routing decision", "routing_decisions"),
  METRIC(3, "performance metric", "performance_metrics"),
  TRANSFORMATION(4, "transformation event", "transformation_events");

  /** The PostgreSQL schema every Sluice table lives in. */
  public static final String SCHEMA = "agent_observability";

  private final int code;
  private final String displayName;
  private final String tableName;

  EventKind(int code, String displayName, String tableName) {
    this.code = code;
    this.displayName = displayName;
    this.tableName = tableName;
  }

  /** The byte that marks this kind in the spool; never changes once released. */
  public int code() {
    return code;
  }

  public String displayName() {
    return displayName;
  }

  /** The table, in schema {@code agent_observability}, that holds this kind. */
  public String tableName() {
    return tableName;
  }

  /**
   * The day partition of {@link #tableName()} holding the events recorded on UTC {@code day}, e.g.
   * {@code trace_events_p20260131} (in schema {@value #SCHEMA}).
   */
  public String partitionName(LocalDate day) {
    return tableName + "_p" + DateTimeFormatter.BASIC_ISO_DATE.format(day);
  }

  /** The kind with this spool code, or {@code null} if none has it. */
  public static EventKind fromCode(int code) {
    for (EventKind k : values()) {
      if (k.code == code) {
        return k;
      }
    }
    return null;
  }
}
