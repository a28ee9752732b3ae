package io.sluice.cli.db;

import io.sluice.cli.common.CommandEnvironment;
import io.sluice.cli.common.ExitCodes;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sluice query}: reads events back from PostgreSQL through the public query API ({@link
 * io.sluice.query.SluiceQueries}); one subcommand per kind.
 */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    synopsisSubcommandLabel = "KIND",
    header = "List stored events, newest first, with filters and paging.",
    description = {
      "Reads events from PostgreSQL (not the spool: events not yet drained are not shown). "
          + "Every filter given must match. Results come newest first, one page at a time "
          + "(--limit, default 100); the next page's cursor is printed on stderr.",
      ""
    },
    commandListHeading = "%nKinds:%n",
    subcommands = {
      QueryTracesCommand.class,
      QueryRoutingCommand.class,
      QueryMetricsCommand.class,
      QueryTransformationsCommand.class,
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sluice query traces --trace-id t-42",
      "  sluice query traces --agent planner --level error --since 1h",
      "  sluice query routing --agent planner --min-confidence 0.9 --since 24h --json",
      "  sluice query metrics --metric latency_ms --since 1d --buckets 5m",
      "  sluice query transformations --source planner --limit 20",
      "",
      "Paging: rerun the same command with --cursor CURSOR from the previous page."
    })
public final class QueryCommand implements Callable<Integer> {
  @ParentCommand CommandEnvironment root;
  @Spec CommandSpec spec;

  Map<String, String> env() {
    return root.env();
  }

  /** {@code sluice query} alone: the usage, as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
