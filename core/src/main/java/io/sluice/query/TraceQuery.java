package io.sluice.query;

import io.sluice.model.EventKind;
import io.sluice.model.Printable;
import io.sluice.model.TraceLevel;
import java.util.Locale;

/**
 * Which trace events to list: every filter set must match (AND); unset filters match all.
 * Immutable; made by {@link #builder()}. Results are newest first.
 *
 * <p>Fast shapes (served by an index): by {@code traceId}; by {@code agentName} (with any other
 * filter). Without either, rows are walked newest first and the other filters are checked one by
 * one: fast for frequent values, slower for rare ones over long ranges (narrow the time range).
 */
public final class TraceQuery {
  final String traceId;
  final String agentName;
  final String eventType;
  final TraceLevel level;
  final Paging paging;

  private TraceQuery(Builder b) {
    this.traceId = b.traceId;
    this.agentName = b.agentName;
    this.eventType = b.eventType;
    this.level = b.level;
    this.paging = b.paging.copy();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The SQL and binds of this query's page. */
  Select select(String columns) {
    return new Select(EventKind.TRACE, columns)
        .eq("trace_id", traceId)
        .eq("agent_name", agentName)
        .eq("event_type", eventType)
        .eq("level", level == null ? null : level.name());
  }

  Select.Order order() {
    return traceId != null || agentName != null ? Select.Order.TIME : Select.Order.ID;
  }

  /** Builds a {@link TraceQuery}; each setter checks its value at once. Not thread-safe. */
  public static final class Builder extends PagedBuilder<Builder> {
    private String traceId;
    private String agentName;
    private String eventType;
    private TraceLevel level;

    private Builder() {
      super(EventKind.TRACE);
    }

    @Override
    Builder self() {
      return this;
    }

    public Builder traceId(String traceId) {
      this.traceId = traceId;
      return this;
    }

    public Builder agentName(String agentName) {
      this.agentName = agentName;
      return this;
    }

    public Builder eventType(String eventType) {
      this.eventType = eventType;
      return this;
    }

    public Builder level(TraceLevel level) {
      this.level = level;
      return this;
    }

    /**
     * The level by name, any case.
     *
     * @throws IllegalArgumentException naming the value and the allowed names
     */
    public Builder level(String level) {
      if (level == null) {
        this.level = null;
        return this;
      }
      try {
        this.level = TraceLevel.valueOf(level.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "level is "
                + Printable.quote(level)
                + " (expected one of DEBUG, INFO, WARNING, ERROR, CRITICAL)",
            e);
      }
      return this;
    }

    /**
     * @throws IllegalArgumentException if {@code from} is not before {@code to}
     */
    public TraceQuery build() {
      paging.check();
      return new TraceQuery(this);
    }
  }
}
