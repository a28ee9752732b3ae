package io.sluice.cli.db;

import io.sluice.cli.common.DatabaseOptions;
import io.sluice.model.EventKind;
import io.sluice.query.RoutingQuery;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sluice query routing}: decisions by selected agent, confidence, strategy and time. */
@Command(
    name = "routing",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "List routing decisions, newest first.",
    description = {
      "Fast with --selected-agent (indexed, with the confidence checked in the index); "
          + "--strategy alone walks the time range newest first.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sluice query routing --selected-agent planner --min-confidence 0.5 \\",
      "    --since 24h",
      "  sluice query routing --strategy semantic --since 1h --json",
      "JSON keys: id, kind, recorded_at, occurred_at, user_request, selected_agent,",
      "confidence_score, alternatives, reasoning, routing_strategy."
    })
final class QueryRoutingCommand implements Callable<Integer> {
  @ParentCommand QueryCommand parent;
  @Spec CommandSpec spec;

  @Option(
      names = {"--selected-agent", "--agent"},
      paramLabel = "NAME",
      description = "Only decisions that chose this agent.")
  String selectedAgent;

  @Option(
      names = "--min-confidence",
      paramLabel = "X",
      description = "Only decisions with confidence_score >= X, 0 to 1.")
  Double minConfidence;

  @Option(names = "--strategy", paramLabel = "NAME", description = "Only this routing_strategy.")
  String strategy;

  @Mixin QueryOptions query;
  @Mixin DatabaseOptions database;

  @Override
  public Integer call() {
    RoutingQuery q =
        QuerySession.build(
            () -> {
              RoutingQuery.Builder b =
                  RoutingQuery.builder().selectedAgent(selectedAgent).routingStrategy(strategy);
              if (minConfidence != null) {
                b.minConfidence(minConfidence);
              }
              query.range(b::from, b::to, b::limit, b::after);
              return b.build();
            });
    return new QuerySession(spec, query)
        .page(parent.env(), database, EventKind.ROUTING, queries -> queries.routing(q));
  }
}
