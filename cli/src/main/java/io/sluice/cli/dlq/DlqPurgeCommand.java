package io.sluice.cli.dlq;

import io.sluice.cli.common.ConfigurationException;
import io.sluice.cli.common.ExitCodes;
import io.sluice.cli.common.JsonLine;
import io.sluice.cli.common.SpoolOption;
import io.sluice.inspect.DeadLetters;
import io.sluice.inspect.ReplayLog;
import io.sluice.model.DeadLetter;
import io.sluice.model.SpooledEvent;
import io.sluice.spool.SpoolDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sluice dlq purge}: deletes selected dead letters. Chronicle Queue cannot delete single
 * records, so the dead-letter folder is rebuilt without them and swapped in (see {@link
 * DeadLetters#purge}).
 */
@Command(
    name = "purge",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Delete selected dead letters for good (asks for --yes).",
    description = {
      "Deletes the selected dead letters: their events and error details are gone afterwards "
          + "(export them first with 'sluice dlq show --json' if in doubt). Other letters and "
          + "their replay marks are kept. Without --yes it only says what it would delete, and "
          + "exits 2.",
      "The folder dead-letters is rebuilt without the purged letters next to the old one, then "
          + "swapped in by renaming; if the swap is interrupted, the old letters stay in "
          + "dead-letters.purge-old and the next dlq command says so. Refused while a live Sluice "
          + "process drains this spool (it holds the dead letters open): stop it first.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sluice dlq purge --replayed                 # preview: how many, nothing deleted",
      "  sluice dlq purge --replayed --yes           # letters already re-injected",
      "  sluice dlq purge --sqlstate 22P02 --yes",
      "  sluice dlq purge --all --yes",
      "Result (stdout): {\"purged\":3,\"kept\":2}",
      "Exit codes: 0 done; 1 a live drainer holds the letters, or the rewrite failed; 2 usage",
      "error, no selection, no --yes, or not a spool."
    })
final class DlqPurgeCommand implements Callable<Integer> {
  @ParentCommand DlqCommand dlq;
  @Spec CommandSpec spec;
  @Mixin SpoolOption spoolOption;
  @Mixin DlqSelection selection;

  @Option(names = "--replayed", description = "Letters 'dlq replay' has re-injected.")
  boolean replayedOnly;

  @Option(names = "--yes", description = "Really delete them.")
  boolean yes;

  @Override
  public Integer call() {
    if (selection.isEmpty() && !replayedOnly) {
      throw new ParameterException(
          spec.commandLine(),
          "no dead letters selected (expected --all, --replayed, --index, --kind, --sqlstate or"
              + " --reason)");
    }
    Path dir = spoolOption.resolve(dlq.root.env());
    SpoolDirectory.checkReadable(dir);
    Path folder = DeadLetters.folder(dir);
    List<DeadLetter> letters = DeadLetters.read(dir);
    Map<Long, ReplayLog.Entry> replayed = DeadLetters.replayed(dir);
    List<DeadLetter> kept = new ArrayList<>();
    for (DeadLetter d : letters) {
      if (!purges(d, replayed)) {
        kept.add(d);
      }
    }
    int purged = letters.size() - kept.size();
    if (!yes) {
      throw new ConfigurationException(
          "Would delete "
              + purged
              + " of "
              + letters.size()
              + " dead letters in "
              + folder
              + "; nothing deleted (expected --yes to confirm). Review them with 'sluice dlq list "
              + selection.describe()
              + "', then add --yes.");
    }
    if (purged > 0) {
      DeadLetters.purge(dir, kept);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("purged", purged);
    json.put("kept", kept.size());
    JsonLine.print(spec.commandLine().getOut(), json);
    return ExitCodes.OK;
  }

  private boolean purges(DeadLetter d, Map<Long, ReplayLog.Entry> replayed) {
    if (replayedOnly && !replayed.containsKey(d.spoolIndex())) {
      return false;
    }
    if (selection.isEmpty()) {
      return true; // --replayed alone
    }
    SpooledEvent event = DeadLetters.decode(d);
    return selection.matches(d, event);
  }
}
