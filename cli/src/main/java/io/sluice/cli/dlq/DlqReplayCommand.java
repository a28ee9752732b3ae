package io.sluice.cli.dlq;

import io.sluice.cli.common.ExitCodes;
import io.sluice.cli.common.JsonLine;
import io.sluice.cli.common.Progress;
import io.sluice.cli.common.ProgressOption;
import io.sluice.cli.common.SpoolAccess;
import io.sluice.cli.common.SpoolOption;
import io.sluice.inspect.DeadLetterReplay;
import io.sluice.inspect.DeadLetters;
import io.sluice.inspect.ReplayLog;
import io.sluice.model.DeadLetter;
import io.sluice.model.SpooledEvent;
import io.sluice.spool.SpoolConfig;
import io.sluice.spool.SpoolDirectory;
import java.nio.file.Path;
import java.time.Clock;
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
 * {@code sluice dlq replay}: re-injects selected dead letters into the main spool ({@link
 * DeadLetterReplay}), so the drainer retries them, and prints what it did.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Re-inject selected dead letters into the main spool.",
    description = {
      "Appends each selected dead letter's original record (same event, same id) to the main "
          + "spool, where the drainer picks it up like any new event, and records it in "
          + "dead-letters/replayed.tsv so a second replay skips it. Fix the cause first (a "
          + "constraint, a column type, the retention), or the events come back as dead letters.",
      "Skips letters already replayed and damaged records (they do not decode; 'sluice dump' "
          + "and 'dlq show' export their bytes). Needs a selection. Safe while a drainer runs: "
          + "the spool takes appends from several processes. Honours the spool's byte budget "
          + "(SLUICE_MAX_SPOOL_BYTES, SLUICE_FULL_POLICY) like any writer.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sluice dlq replay --sqlstate 23514 --dry-run   # what would be replayed",
      "  sluice dlq replay --sqlstate 23514",
      "  sluice dlq replay --index 84464214835242,84464214835243",
      "  sluice dlq replay --kind metric --reason expired",
      "  sluice dlq replay --all",
      "Result (stdout): {\"selected\":3,\"replayed\":2,\"already_replayed\":1,\"not_decodable\":0,",
      "  \"first_new_index\":..,\"last_new_index\":..,\"dry_run\":false}",
      "Exit codes: 0 done; 1 the spool refused an append (full); 2 usage error, no selection,",
      "or not a spool."
    })
final class DlqReplayCommand implements Callable<Integer> {
  @ParentCommand DlqCommand dlq;
  @Spec CommandSpec spec;
  @Mixin SpoolOption spoolOption;
  @Mixin DlqSelection selection;
  @Mixin ProgressOption progressOption;

  @Option(names = "--dry-run", description = "Say what would be replayed; change nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    if (selection.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "no dead letters selected (expected --all, --index, --kind, --sqlstate or --reason)");
    }
    Map<String, String> env = dlq.root.env();
    Path dir = spoolOption.resolve(env);
    if (dryRun) {
      SpoolDirectory.checkReadable(dir);
    } else {
      SpoolDirectory.checkWritable(dir);
    }
    List<DeadLetter> letters = DeadLetters.read(dir);
    Map<Long, ReplayLog.Entry> done = DeadLetters.replayed(dir);
    int selected = 0;
    int already = 0;
    int damaged = 0;
    List<DeadLetter> todo = new ArrayList<>();
    for (DeadLetter d : letters) {
      SpooledEvent event = DeadLetters.decode(d);
      if (!selection.matches(d, event)) {
        continue;
      }
      selected++;
      if (done.containsKey(d.spoolIndex())) {
        already++;
      } else if (event == null) {
        damaged++;
      } else {
        todo.add(d);
      }
    }
    DeadLetterReplay.Result result =
        dryRun ? new DeadLetterReplay.Result(0, -1, -1) : replay(env, dir, todo);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("selected", selected);
    json.put(dryRun ? "would_replay" : "replayed", dryRun ? todo.size() : result.replayed());
    json.put("already_replayed", already);
    json.put("not_decodable", damaged);
    json.put("first_new_index", result.firstNewIndex());
    json.put("last_new_index", result.lastNewIndex());
    json.put("dry_run", dryRun);
    JsonLine.print(spec.commandLine().getOut(), json);
    return ExitCodes.OK;
  }

  private DeadLetterReplay.Result replay(Map<String, String> env, Path dir, List<DeadLetter> todo) {
    SpoolConfig main = SpoolAccess.config(env, dir).drainEnabled(false).build().spool();
    try (Progress progress =
        progressOption.start("replay", todo.size(), spec.commandLine().getErr())) {
      return DeadLetterReplay.replay(main, todo, Clock.systemUTC(), progress::stepTo);
    }
  }
}
