package io.sluice.model;

/**
 * An agent the router considered but did not pick.
 *
 * @param agent the agent's name; required, at most 256 characters
 * @param confidence the router's confidence in it, from 0 to 1
 */
public record RoutingAlternative(String agent, double confidence) {
  public RoutingAlternative {
    EventRules.name(EventKind.ROUTING, "alternatives.agent", agent);
    EventRules.unitInterval(EventKind.ROUTING, "alternatives.confidence", confidence);
  }
}
