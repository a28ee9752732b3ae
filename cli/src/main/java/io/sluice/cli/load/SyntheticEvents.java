package io.sluice.cli.load;

import io.sluice.model.AgentTransformation;
import io.sluice.model.Event;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingAlternative;
import io.sluice.model.RoutingDecision;
import io.sluice.model.TraceEvent;
import io.sluice.model.TraceLevel;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes a realistic stream of AI-agent observability events: a router picks an agent for a user
 * request (a routing decision with alternatives), the agent works (trace events with metadata),
 * reports measurements (metrics with tags), and sometimes hands over to another agent (a
 * transformation with context). Mix: about 45% traces, 15% routing, 30% metrics, 10% hand-overs.
 *
 * <p>Not thread-safe: give each writer thread its own instance (its own seed).
 *
 * <p>The JSON is concatenated by hand, not built with Jackson: this runs once per event in the load
 * loop, and every value comes from the fixed pools below, none of which needs escaping. Sluice
 * still parses and checks each JSON object on {@code append}.
 */
final class SyntheticEvents {
  private static final String[] AGENTS = {
    "planner",
    "researcher",
    "coder",
    "reviewer",
    "summarizer",
    "sql-analyst",
    "support-bot",
    "travel-agent"
  };
  private static final String[] MODELS = {
    "gpt-4o-mini", "claude-3-5-haiku", "llama-3.1-70b", "mistral-large"
  };
  private static final String[] STRATEGIES = {
    "semantic", "keyword", "llm-classifier", "cost-aware"
  };
  private static final String[] REQUESTS = {
    "Summarize the Q3 incident report for the payments team",
    "Find flights from Paris to Tokyo under 900 EUR in May",
    "Refactor the billing service retry logic to use exponential backoff",
    "Explain this stack trace from the checkout API",
    "Which customers churned after the March price change?",
    "Draft a polite reply to a customer asking for a refund",
    "Review pull request 4812 for SQL injection risks",
    "Compare our p99 latency this week with last week",
  };
  private static final String[] STEPS = {
    "task_started", "llm_call", "tool_call", "tool_result", "llm_call", "task_completed"
  };
  private static final String[] TOOLS = {"web_search", "sql_query", "code_exec", "vector_lookup"};
  private static final String[] HANDOVERS = {"delegation", "escalation", "handoff", "fallback"};
  private static final String[] REGIONS = {"eu-west-1", "us-east-1", "ap-northeast-1"};

  private final SplittableRandom random;
  private final String prefix;
  private long task;
  private int step;
  private String agent = AGENTS[0];

  /**
   * @param writer distinguishes this generator's trace and task ids from other threads'
   */
  SyntheticEvents(int writer, long seed) {
    this.random = new SplittableRandom(seed);
    this.prefix = Integer.toString(writer, 36) + "-";
  }

  /** The next event of the stream. */
  Event next() {
    int roll = random.nextInt(100);
    if (roll < 15) {
      return routing();
    } else if (roll < 60) {
      return trace();
    } else if (roll < 90) {
      return metric();
    }
    return handover();
  }

  private RoutingDecision routing() {
    task++;
    step = 0;
    agent = pick(AGENTS);
    double confidence = 0.55 + random.nextDouble() * 0.44;
    String second = pick(AGENTS);
    String third = pick(AGENTS);
    return RoutingDecision.builder()
        .userRequest(pick(REQUESTS))
        .selectedAgent(agent)
        .confidenceScore(confidence)
        .alternatives(
            List.of(
                new RoutingAlternative(second, confidence * 0.6),
                new RoutingAlternative(third, confidence * 0.3)))
        .reasoning("Best match for the request intent; " + second + " scored lower on past tasks")
        .routingStrategy(pick(STRATEGIES))
        .build();
  }

  private TraceEvent trace() {
    String type = STEPS[step++ % STEPS.length];
    int roll = random.nextInt(100);
    TraceLevel level =
        roll < 2
            ? TraceLevel.ERROR
            : roll < 8 ? TraceLevel.WARNING : roll < 20 ? TraceLevel.DEBUG : TraceLevel.INFO;
    String metadata =
        "{\"model\":\""
            + pick(MODELS)
            + "\",\"prompt_tokens\":"
            + (200 + random.nextInt(3000))
            + ",\"completion_tokens\":"
            + (20 + random.nextInt(800))
            + ",\"tool\":\""
            + pick(TOOLS)
            + "\",\"attempt\":"
            + (1 + (level == TraceLevel.WARNING ? 1 : 0))
            + "}";
    return TraceEvent.builder()
        .traceId("trace-" + prefix + task)
        .eventType(type)
        .level(level)
        .message(agent + " " + type.replace('_', ' ') + " for task " + prefix + task)
        .agentName(agent)
        .taskId("task-" + prefix + task)
        .metadata(metadata)
        .build();
  }

  private PerformanceMetric metric() {
    int which = random.nextInt(4);
    String name =
        switch (which) {
          case 0 -> "latency_ms";
          case 1 -> "tokens_used";
          case 2 -> "queue_depth";
          default -> "cost_usd";
        };
    double value =
        switch (which) {
          case 0 -> 40 + random.nextDouble() * 2400;
          case 1 -> 100 + random.nextInt(4000);
          case 2 -> random.nextInt(50);
          default -> random.nextDouble() * 0.05;
        };
    String type = which == 0 ? "timer" : which == 2 ? "gauge" : "counter";
    return PerformanceMetric.builder()
        .metricName(name)
        .metricValue(value)
        .metricType(type)
        .component("agent." + agent)
        .tags(
            "{\"agent\":\""
                + agent
                + "\",\"model\":\""
                + pick(MODELS)
                + "\",\"region\":\""
                + pick(REGIONS)
                + "\"}")
        .build();
  }

  private AgentTransformation handover() {
    String target = pick(AGENTS);
    String type = pick(HANDOVERS);
    AgentTransformation t =
        AgentTransformation.builder()
            .sourceAgent(agent)
            .targetAgent(target)
            .transformationType(type)
            .reason(agent + " needs " + target + " for the next step (" + type + ")")
            .context(
                "{\"task_id\":\"task-"
                    + prefix
                    + task
                    + "\",\"step\":"
                    + step
                    + ",\"carried_tokens\":"
                    + (500 + random.nextInt(6000))
                    + ",\"summary\":\"intermediate findings attached\"}")
            .build();
    agent = target;
    return t;
  }

  private String pick(String[] pool) {
    return pool[random.nextInt(pool.length)];
  }
}
