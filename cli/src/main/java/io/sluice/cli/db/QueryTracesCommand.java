package io.sluice.cli.db;

import io.sluice.cli.common.DatabaseOptions;
import io.sluice.model.EventKind;
import io.sluice.query.TraceQuery;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sluice query traces}: trace events by trace, agent, type, level and time. */
@Command(
    name = "traces",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "List trace events, newest first.",
    description = {
      "Fast with --trace-id or --agent (indexed); other filters alone walk the time range "
          + "newest first, so give --since for rare values.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sluice query traces --trace-id t-42",
      "  sluice query traces --agent planner --level error --since 1h",
      "  sluice query traces --event-type tool_call --from 2026-11-27T08:00:00Z \\",
      "    --to 2026-11-27T09:00:00Z",
      "  sluice query traces --agent planner --json | jq -r .message",
      "  sluice query traces --agent planner --cursor AQEABf...   # the next page",
      "JSON keys: id, kind, recorded_at, occurred_at, trace_id, event_type, level,",
      "message, agent_name, task_id, metadata."
    })
final class QueryTracesCommand implements Callable<Integer> {
  @ParentCommand QueryCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--trace-id", paramLabel = "ID", description = "Only events of this trace.")
  String traceId;

  @Option(
      names = "--agent",
      paramLabel = "NAME",
      description = "Only events of this agent (agent_name).")
  String agent;

  @Option(names = "--event-type", paramLabel = "TYPE", description = "Only events of this type.")
  String eventType;

  @Option(
      names = "--level",
      paramLabel = "LEVEL",
      description = "Only this level: DEBUG, INFO, WARNING, ERROR or CRITICAL (any case).")
  String level;

  @Mixin QueryOptions query;
  @Mixin DatabaseOptions database;

  @Override
  public Integer call() {
    TraceQuery q =
        QuerySession.build(
            () -> {
              TraceQuery.Builder b =
                  TraceQuery.builder()
                      .traceId(traceId)
                      .agentName(agent)
                      .eventType(eventType)
                      .level(level);
              query.range(b::from, b::to, b::limit, b::after);
              return b.build();
            });
    return new QuerySession(spec, query)
        .page(parent.env(), database, EventKind.TRACE, queries -> queries.traces(q));
  }
}
