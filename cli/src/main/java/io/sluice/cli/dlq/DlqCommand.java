package io.sluice.cli.dlq;

import io.sluice.cli.common.CommandEnvironment;
import io.sluice.cli.common.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sluice dlq}: the dead-letter commands; alone it shows their usage. */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    synopsisSubcommandLabel = "COMMAND",
    header = "List, show, replay or purge dead letters (events PostgreSQL refused).",
    description = {
      "Dead letters are events the drainer set aside instead of writing: rows PostgreSQL "
          + "rejected (SQLSTATE class 22, 23 or 54000: bad data, constraint), records that do not "
          + "decode (damaged), and events past their retention (expired). They are kept in the "
          + "folder dead-letters inside the spool, with reason, SQLSTATE, message, attempts, time "
          + "and the original record bytes; Sluice itself never deletes them.",
      "list and show only read. replay appends selected letters to the main spool again (the "
          + "drainer then retries them; safe while it runs). purge deletes letters (stop the "
          + "drainer first; it refuses while a live drainer holds them).",
      ""
    },
    commandListHeading = "%nCommands:%n",
    subcommands = {
      DlqListCommand.class,
      DlqShowCommand.class,
      DlqReplayCommand.class,
      DlqPurgeCommand.class,
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sluice dlq list",
      "  sluice dlq show 84464214835242",
      "  sluice dlq replay --sqlstate 23514 --dry-run",
      "  sluice dlq purge --replayed --yes",
      "Exit codes: 0 success; 1 runtime failure (refused while a drainer runs, unreadable",
      "letters); 2 usage error, not a spool, or a purge without --yes."
    })
public final class DlqCommand implements Callable<Integer> {
  @ParentCommand CommandEnvironment root;
  @Spec CommandSpec spec;

  /** {@code sluice dlq} alone: the usage on stderr, exit 2. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
