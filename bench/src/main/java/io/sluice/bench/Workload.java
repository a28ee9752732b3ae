package io.sluice.bench;

import io.sluice.model.AgentTransformation;
import io.sluice.model.Event;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingAlternative;
import io.sluice.model.RoutingDecision;
import io.sluice.model.TraceEvent;
import io.sluice.model.TraceLevel;
import java.time.Instant;
import java.util.List;

/**
 * The events the benchmarks write: small, realistic agent-observability events, built (and so
 * validated) before anything is timed.
 *
 * <p>A trace event looks like {@code trace_id=trace-00003f2a, event_type=tool_called, level=INFO,
 * message="Calling tool web_search (attempt 1) for task task-4521", agent_name=research-agent,
 * task_id=task-4521, metadata={"tool":"web_search","attempt":1,"tokens":517,"latency_ms":37.5}}:
 * about 150 bytes encoded in the spool. Ten events share a trace id, as the steps of one task do.
 * Strings are distinct per event, so PostgreSQL indexes see realistic key spread.
 *
 * <p>The {@code mixed} workload cycles 7 trace events, 1 routing decision, 1 performance metric and
 * 1 transformation event out of every 10; {@code metrics} is performance metrics only.
 */
final class Workload {
  private static final String[] TYPES = {
    "task_started", "tool_called", "llm_response", "task_completed"
  };
  private static final String[] TOOLS = {"web_search", "code_exec", "sql_query", "file_read"};
  private static final String[] AGENTS = {
    "research-agent", "coder-agent", "planner-agent", "review-agent"
  };

  private Workload() {}

  /** {@code count} events of the named workload: {@code trace} or {@code mixed}. */
  static Event[] build(String name, int count) {
    Instant now = Instant.now();
    Event[] events = new Event[count];
    for (int i = 0; i < count; i++) {
      events[i] =
          switch (name) {
            case "trace" -> trace(i, now);
            case "mixed" -> mixed(i, now);
            case "metrics" -> metric(i, now);
            default ->
                throw new IllegalArgumentException(
                    "workload is \""
                        + name
                        + "\" (expected trace, mixed or metrics). Pass -p kinds=trace.");
          };
    }
    return events;
  }

  static TraceEvent trace(int i, Instant now) {
    int task = i / 10;
    String tool = TOOLS[i % TOOLS.length];
    int attempt = 1 + i % 3;
    return new TraceEvent(
        String.format("trace-%08x", task),
        TYPES[i % TYPES.length],
        i % 50 == 0 ? TraceLevel.WARNING : TraceLevel.INFO,
        "Calling tool " + tool + " (attempt " + attempt + ") for task task-" + task,
        AGENTS[task % AGENTS.length],
        "task-" + task,
        "{\"tool\":\""
            + tool
            + "\",\"attempt\":"
            + attempt
            + ",\"tokens\":"
            + (i % 2048)
            + ",\"latency_ms\":"
            + (i % 400) / 4.0
            + "}",
        now.plusNanos(i * 1_000L));
  }

  /**
   * The {@code metrics} workload: performance metrics only, 20 metric names x 5 components (the
   * most rollup rows per batch of the workloads).
   */
  static PerformanceMetric metric(int i, Instant now) {
    return new PerformanceMetric(
        "metric_" + (i % 20),
        (i % 1000) / 3.0,
        "histogram",
        "component-" + ((i / 20) % 5),
        "{\"model\":\"small\",\"region\":\"eu\"}",
        now.plusNanos(i * 1_000L));
  }

  static Event mixed(int i, Instant now) {
    int task = i / 10;
    Instant at = now.plusNanos(i * 1_000L);
    return switch (i % 10) {
      case 7 ->
          new RoutingDecision(
              "Summarise the open incidents for task-" + task,
              AGENTS[task % AGENTS.length],
              0.5 + (i % 50) / 100.0,
              List.of(
                  new RoutingAlternative(AGENTS[(task + 1) % AGENTS.length], 0.31),
                  new RoutingAlternative(AGENTS[(task + 2) % AGENTS.length], 0.12)),
              "highest semantic similarity",
              "semantic",
              at);
      case 8 ->
          new PerformanceMetric(
              "llm_latency_ms",
              (i % 1000) / 3.0,
              "histogram",
              AGENTS[task % AGENTS.length],
              "{\"model\":\"small\",\"region\":\"eu\"}",
              at);
      case 9 ->
          new AgentTransformation(
              AGENTS[task % AGENTS.length],
              AGENTS[(task + 1) % AGENTS.length],
              "handoff",
              "needs code execution",
              "{\"task\":\"task-" + task + "\",\"step\":" + (i % 7) + "}",
              at);
      default -> trace(i, now);
    };
  }
}
