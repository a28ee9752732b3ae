package io.sluice.model;

import java.time.Instant;

/**
 * One step of an agent's work, tied to a trace.
 *
 * @param traceId the trace this event belongs to; required, at most 256 characters
 * @param eventType what happened, such as {@code task_started}; required, at most 256 characters
 * @param level severity; required
 * @param message human-readable text; required (may be empty), at most 65,536 characters
 * @param agentName the agent that emitted it; optional, at most 256 characters
 * @param taskId the task it belongs to; optional, at most 256 characters
 * @param metadata a JSON object with anything else; optional
 * @param occurredAt when it happened; kept to the microsecond
 * @throws InvalidEventException naming the first field that breaks its rule
 */
public record TraceEvent(
    String traceId,
    String eventType,
    TraceLevel level,
    String message,
    String agentName,
    String taskId,
    String metadata,
    Instant occurredAt)
    implements Event {

  public TraceEvent {
    EventKind k = EventKind.TRACE;
    EventRules.name(k, "trace_id", traceId);
    EventRules.name(k, "event_type", eventType);
    EventRules.required(k, "level", level, "one of DEBUG, INFO, WARNING, ERROR, CRITICAL");
    EventRules.text(k, "message", message);
    EventRules.optionalName(k, "agent_name", agentName);
    EventRules.optionalName(k, "task_id", taskId);
    EventRules.jsonObject(k, "metadata", metadata);
    occurredAt = EventRules.time(k, occurredAt);
  }

  @Override
  public EventKind kind() {
    return EventKind.TRACE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TraceEvent}; {@code occurredAt} defaults to the time of {@link #build()}. */
  public static final class Builder {
    private String traceId;
    private String eventType;
    private TraceLevel level = TraceLevel.INFO;
    private String message = "";
    private String agentName;
    private String taskId;
    private String metadata;
    private Instant occurredAt;

    private Builder() {}

    public Builder traceId(String traceId) {
      this.traceId = traceId;
      return this;
    }

    public Builder eventType(String eventType) {
      this.eventType = eventType;
      return this;
    }

    /** Defaults to {@link TraceLevel#INFO}. */
    public Builder level(TraceLevel level) {
      this.level = level;
      return this;
    }

    /** Defaults to the empty string. */
    public Builder message(String message) {
      this.message = message;
      return this;
    }

    public Builder agentName(String agentName) {
      this.agentName = agentName;
      return this;
    }

    public Builder taskId(String taskId) {
      this.taskId = taskId;
      return this;
    }

    /** A JSON object, as text. */
    public Builder metadata(String jsonObject) {
      this.metadata = jsonObject;
      return this;
    }

    public Builder occurredAt(Instant occurredAt) {
      this.occurredAt = occurredAt;
      return this;
    }

    public TraceEvent build() {
      return new TraceEvent(
          traceId,
          eventType,
          level,
          message,
          agentName,
          taskId,
          metadata,
          occurredAt == null ? Instant.now() : occurredAt);
    }
  }
}
