package io.sluice.cli.db;

import io.sluice.cli.common.DatabaseOptions;
import io.sluice.model.EventKind;
import io.sluice.query.TransformationQuery;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sluice query transformations}: hand-overs by source or target agent, type, time. */
@Command(
    name = "transformations",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "List transformation events (hand-overs between agents), newest first.",
    description = {
      "Fast with --source or --target (indexed); --type alone walks the time range newest first.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sluice query transformations --source planner --since 1d",
      "  sluice query transformations --target coder --type delegation --json",
      "JSON keys: id, kind, recorded_at, occurred_at, source_agent, target_agent,",
      "transformation_type, reason, context."
    })
final class QueryTransformationsCommand implements Callable<Integer> {
  @ParentCommand QueryCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--source", paramLabel = "NAME", description = "Only hand-overs from this agent.")
  String source;

  @Option(names = "--target", paramLabel = "NAME", description = "Only hand-overs to this agent.")
  String target;

  @Option(names = "--type", paramLabel = "TYPE", description = "Only this transformation_type.")
  String type;

  @Mixin QueryOptions query;
  @Mixin DatabaseOptions database;

  @Override
  public Integer call() {
    TransformationQuery q =
        QuerySession.build(
            () -> {
              TransformationQuery.Builder b =
                  TransformationQuery.builder()
                      .sourceAgent(source)
                      .targetAgent(target)
                      .transformationType(type);
              query.range(b::from, b::to, b::limit, b::after);
              return b.build();
            });
    return new QuerySession(spec, query)
        .page(
            parent.env(),
            database,
            EventKind.TRANSFORMATION,
            queries -> queries.transformations(q));
  }
}
