package io.sluice.model;

import java.time.Instant;

/**
 * A hand-over of work from one agent to another, with what changed.
 *
 * @param sourceAgent the agent handing over; required, at most 256 characters
 * @param targetAgent the agent taking over; required, at most 256 characters
 * @param transformationType what kind of hand-over, such as {@code delegation}; required, at most
 *     256 characters
 * @param reason why; optional, at most 65,536 characters
 * @param context a JSON object with the state handed over; optional
 * @param occurredAt when it happened; kept to the microsecond
 * @throws InvalidEventException naming the first field that breaks its rule
 */
public record AgentTransformation(
    String sourceAgent,
    String targetAgent,
    String transformationType,
    String reason,
    String context,
    Instant occurredAt)
    implements Event {

  public AgentTransformation {
    EventKind k = EventKind.TRANSFORMATION;
    EventRules.name(k, "source_agent", sourceAgent);
    EventRules.name(k, "target_agent", targetAgent);
    EventRules.name(k, "transformation_type", transformationType);
    EventRules.optionalText(k, "reason", reason);
    EventRules.jsonObject(k, "context", context);
    occurredAt = EventRules.time(k, occurredAt);
  }

  @Override
  public EventKind kind() {
    return EventKind.TRANSFORMATION;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds an {@link AgentTransformation}; {@code occurredAt} defaults to the time of {@link
   * #build()}.
   */
  public static final class Builder {
    private String sourceAgent;
    private String targetAgent;
    private String transformationType;
    private String reason;
    private String context;
    private Instant occurredAt;

    private Builder() {}

    public Builder sourceAgent(String sourceAgent) {
      this.sourceAgent = sourceAgent;
      return this;
    }

    public Builder targetAgent(String targetAgent) {
      this.targetAgent = targetAgent;
      return this;
    }

    public Builder transformationType(String transformationType) {
      this.transformationType = transformationType;
      return this;
    }

    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    /** A JSON object, as text. */
    public Builder context(String jsonObject) {
      this.context = jsonObject;
      return this;
    }

    public Builder occurredAt(Instant occurredAt) {
      this.occurredAt = occurredAt;
      return this;
    }

    public AgentTransformation build() {
      return new AgentTransformation(
          sourceAgent,
          targetAgent,
          transformationType,
          reason,
          context,
          occurredAt == null ? Instant.now() : occurredAt);
    }
  }
}
