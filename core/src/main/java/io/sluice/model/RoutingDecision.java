package io.sluice.model;

import java.time.Instant;
import java.util.List;

/**
 * The router's choice of an agent for a request.
 *
 * @param userRequest the request that was routed; required (may be empty), at most 65,536
 *     characters
 * @param selectedAgent the agent picked; required, at most 256 characters
 * @param confidenceScore the router's confidence, from 0 to 1
 * @param alternatives the agents considered and not picked; never null (empty when none), stored as
 *     a JSON array of {@code {"agent": ..., "confidence": ...}}
 * @param reasoning why; optional, at most 65,536 characters
 * @param routingStrategy how it chose, such as {@code semantic}; required, at most 256 characters
 * @param occurredAt when it happened; kept to the microsecond
 * @throws InvalidEventException naming the first field that breaks its rule
 */
public record RoutingDecision(
    String userRequest,
    String selectedAgent,
    double confidenceScore,
    List<RoutingAlternative> alternatives,
    String reasoning,
    String routingStrategy,
    Instant occurredAt)
    implements Event {

  /** Most alternatives one decision may list. */
  public static final int MAX_ALTERNATIVES = 1_000;

  public RoutingDecision {
    EventKind k = EventKind.ROUTING;
    EventRules.text(k, "user_request", userRequest);
    EventRules.name(k, "selected_agent", selectedAgent);
    EventRules.unitInterval(k, "confidence_score", confidenceScore);
    String rule = "a list of at most " + MAX_ALTERNATIVES + " alternatives, empty when none";
    EventRules.required(k, "alternatives", alternatives, rule);
    if (alternatives.size() > MAX_ALTERNATIVES) {
      throw new InvalidEventException(k, "alternatives", alternatives.size() + " items", rule);
    }
    for (RoutingAlternative a : alternatives) {
      EventRules.required(k, "alternatives[]", a, "no null entries");
    }
    alternatives = List.copyOf(alternatives);
    EventRules.optionalText(k, "reasoning", reasoning);
    EventRules.name(k, "routing_strategy", routingStrategy);
    occurredAt = EventRules.time(k, occurredAt);
  }

  @Override
  public EventKind kind() {
    return EventKind.ROUTING;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link RoutingDecision}; {@code occurredAt} defaults to the time of {@link #build()}.
   */
  public static final class Builder {
    private String userRequest = "";
    private String selectedAgent;
    private double confidenceScore = Double.NaN;
    private List<RoutingAlternative> alternatives = List.of();
    private String reasoning;
    private String routingStrategy;
    private Instant occurredAt;

    private Builder() {}

    public Builder userRequest(String userRequest) {
      this.userRequest = userRequest;
      return this;
    }

    public Builder selectedAgent(String selectedAgent) {
      this.selectedAgent = selectedAgent;
      return this;
    }

    public Builder confidenceScore(double confidenceScore) {
      this.confidenceScore = confidenceScore;
      return this;
    }

    public Builder alternatives(List<RoutingAlternative> alternatives) {
      this.alternatives = alternatives;
      return this;
    }

    public Builder reasoning(String reasoning) {
      this.reasoning = reasoning;
      return this;
    }

    public Builder routingStrategy(String routingStrategy) {
      this.routingStrategy = routingStrategy;
      return this;
    }

    public Builder occurredAt(Instant occurredAt) {
      this.occurredAt = occurredAt;
      return this;
    }

    public RoutingDecision build() {
      return new RoutingDecision(
          userRequest,
          selectedAgent,
          confidenceScore,
          alternatives,
          reasoning,
          routingStrategy,
          occurredAt == null ? Instant.now() : occurredAt);
    }
  }
}
