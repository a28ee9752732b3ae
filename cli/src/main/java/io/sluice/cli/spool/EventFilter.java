package io.sluice.cli.spool;

import io.sluice.model.AgentTransformation;
import io.sluice.model.Event;
import io.sluice.model.EventKind;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingDecision;
import io.sluice.model.SpooledEvent;
import io.sluice.model.TraceEvent;
import java.time.Instant;

/**
 * Which decoded events {@code tail} shows. Every criterion given must hold; {@code null} means
 * "any".
 *
 * @param kind only this kind
 * @param traceId only trace events of this trace
 * @param agent only events naming this agent: a trace's {@code agent_name}, a routing decision's
 *     {@code selected_agent}, a hand-over's source or target agent, a metric's {@code component}
 * @param since only events recorded at or after this time
 */
record EventFilter(EventKind kind, String traceId, String agent, Instant since) {
  static final EventFilter ANY = new EventFilter(null, null, null, null);

  boolean isAny() {
    return kind == null && traceId == null && agent == null && since == null;
  }

  boolean matches(SpooledEvent spooled) {
    Event e = spooled.event();
    if (kind != null && e.kind() != kind) {
      return false;
    }
    if (since != null && spooled.recordedAt().isBefore(since)) {
      return false;
    }
    if (traceId != null && !(e instanceof TraceEvent t && traceId.equals(t.traceId()))) {
      return false;
    }
    return agent == null || namesAgent(e);
  }

  private boolean namesAgent(Event e) {
    if (e instanceof TraceEvent t) {
      return agent.equals(t.agentName());
    } else if (e instanceof RoutingDecision r) {
      return agent.equals(r.selectedAgent());
    } else if (e instanceof AgentTransformation a) {
      return agent.equals(a.sourceAgent()) || agent.equals(a.targetAgent());
    } else if (e instanceof PerformanceMetric m) {
      return agent.equals(m.component());
    }
    return false;
  }
}
