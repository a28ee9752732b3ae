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
 * 1 transformation event out of every 10. The {@code realistic} workload is the mix {@code sluice
 * load} and {@code sluice demo} write: out of every 20 events, 3 routing decisions with 2
 * alternatives, 9 trace events with JSON metadata, 6 metrics with JSON tags and 2 hand-overs with
 * JSON context (15 / 45 / 30 / 10 %), with values like theirs; {@code metrics} is performance
 * metrics only.
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
            case "realistic" -> realistic(i, now);
            default ->
                throw new IllegalArgumentException(
                    "workload is \""
                        + name
                        + "\" (expected realistic, trace, mixed or metrics). Pass -p kinds=realistic.");
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

  private static final String[] MODELS = {
    "gpt-4o-mini", "claude-3-5-haiku", "llama-3.1-70b", "mistral-large"
  };
  private static final String[] METRICS = {"latency_ms", "tokens_used", "queue_depth", "cost_usd"};

  /** One event of the realistic mix (class notes): like {@code sluice load}'s, but fixed. */
  static Event realistic(int i, Instant now) {
    int task = i / 20;
    int slot = i % 20;
    String agent = AGENTS[(task + slot / 6) % AGENTS.length];
    String model = MODELS[i % MODELS.length];
    Instant at = now.plusNanos(i * 1_000L);
    if (slot < 3) {
      double confidence = 0.55 + (i % 44) / 100.0;
      String second = AGENTS[(task + 1) % AGENTS.length];
      return new RoutingDecision(
          "Summarize the Q3 incident report for the payments team, task " + task,
          agent,
          confidence,
          List.of(
              new RoutingAlternative(second, confidence * 0.6),
              new RoutingAlternative(AGENTS[(task + 2) % AGENTS.length], confidence * 0.3)),
          "Best match for the request intent; " + second + " scored lower on past tasks",
          "semantic",
          at);
    } else if (slot < 12) {
      String type = TYPES[slot % TYPES.length];
      return new TraceEvent(
          "trace-" + task,
          type,
          i % 50 == 0 ? TraceLevel.WARNING : TraceLevel.INFO,
          agent + " " + type.replace('_', ' ') + " for task " + task,
          agent,
          "task-" + task,
          "{\"model\":\""
              + model
              + "\",\"prompt_tokens\":"
              + (200 + i % 3000)
              + ",\"completion_tokens\":"
              + (20 + i % 800)
              + ",\"tool\":\""
              + TOOLS[i % TOOLS.length]
              + "\",\"attempt\":1}",
          at);
    } else if (slot < 18) {
      return new PerformanceMetric(
          METRICS[slot % METRICS.length],
          40 + (i % 2400) * 1.25,
          slot % 2 == 0 ? "timer" : "counter",
          "agent." + agent,
          "{\"agent\":\"" + agent + "\",\"model\":\"" + model + "\",\"region\":\"eu-west-1\"}",
          at);
    }
    String target = AGENTS[(task + 3) % AGENTS.length];
    return new AgentTransformation(
        agent,
        target,
        "handoff",
        agent + " needs " + target + " for the next step (handoff)",
        "{\"task_id\":\"task-"
            + task
            + "\",\"step\":"
            + slot
            + ",\"carried_tokens\":"
            + (500 + i % 6000)
            + ",\"summary\":\"intermediate findings attached\"}",
        at);
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
