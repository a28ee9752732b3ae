package io.sluice.cli.db;

import io.sluice.cli.common.CommandEnvironment;
import io.sluice.cli.common.ExitCodes;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sluice retention}: retention of the event tables; {@code apply} is its one action. */
@Command(
    name = "retention",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    synopsisSubcommandLabel = "ACTION",
    header = "Remove day partitions past their retention.",
    description = {
      "Each kind keeps its events for a number of days (env SLUICE_RETENTION_TRACE_DAYS "
          + "default 30, SLUICE_RETENTION_ROUTING_DAYS 90, SLUICE_RETENTION_METRIC_DAYS 180, "
          + "SLUICE_RETENTION_TRANSFORMATION_DAYS 90). A running Sluice applies it daily; this "
          + "applies it now.",
      ""
    },
    commandListHeading = "%nActions:%n",
    subcommands = {RetentionApplyCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {"  sluice retention apply --dry-run", "  sluice retention apply --json"})
public final class RetentionCommand implements Callable<Integer> {
  @ParentCommand CommandEnvironment root;
  @Spec CommandSpec spec;

  Map<String, String> env() {
    return root.env();
  }

  /** {@code sluice retention} alone: the usage, as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
