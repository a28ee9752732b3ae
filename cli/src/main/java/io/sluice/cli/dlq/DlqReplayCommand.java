package io.sluice.cli.dlq;

import io.sluice.inspect.DeadLetters;
import io.sluice.inspect.ReplayLog;
import io.sluice.cli.common.CommandFailedException;
import io.sluice.cli.common.ConfigurationException;
import io.sluice.cli.common.ErrorReporter;
import io.sluice.cli.common.ExitCodes;
import io.sluice.cli.common.JsonLine;
import io.sluice.cli.common.Progress;
import io.sluice.cli.common.ProgressOption;
import io.sluice.spool.SpoolDirectory;
import io.sluice.cli.common.SpoolAccess;
import io.sluice.cli.common.SpoolOption;
import io.sluice.model.SpooledEvent;
import io.sluice.internal.drain.DeadLetter;
import io.sluice.spool.Spool;
import io.sluice.spool.SpoolException;
import io.sluice.spool.SpoolFullException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
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
 * {@code sluice dlq replay}: appends the original record bytes of selected dead letters to the
 * main spool again, so the drainer retries them, and marks them in the {@link ReplayLog}.
 *
 * <p>The event keeps its id. That cannot collide with a row in PostgreSQL: a dead letter's row was
 * never written (its insert was rejected), so the key (id, recorded_at) is free. If the same
 * letter were re-injected twice (see {@link ReplayLog} on crashes), the second copy would be
 * refused by that key and come back as a dead letter, never as a second row.
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

  private long firstNew = -1;
  private long lastNew = -1;

  @Override
  public Integer call() throws IOException {
    if (selection.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "no dead letters selected (expected --all, --index, --kind, --sqlstate or --reason)");
    }
    Map<String, String> env = dlq.root.env();
    Path dir = spoolOption.resolve(env);
    if (dryRun) {
      ReadOnlySpool.check(dir);
    } else {
      ReadOnlySpool.checkWritable(dir);
    }
    Path folder = DeadLetters.folder(dir);
    List<DeadLetter> letters = DeadLetters.read(dir);
    Map<Long, ReplayLog.Entry> done = ReplayLog.read(folder);
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
    int replayed = dryRun ? 0 : replay(env, dir, folder, todo);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("selected", selected);
    json.put(dryRun ? "would_replay" : "replayed", dryRun ? todo.size() : replayed);
    json.put("already_replayed", already);
    json.put("not_decodable", damaged);
    json.put("first_new_index", firstNew);
    json.put("last_new_index", lastNew);
    json.put("dry_run", dryRun);
    JsonLine.print(spec.commandLine().getOut(), json);
    return ExitCodes.OK;
  }

  private int replay(Map<String, String> env, Path dir, Path folder, List<DeadLetter> todo)
      throws IOException {
    if (todo.isEmpty()) {
      return 0;
    }
    PrintWriter err = spec.commandLine().getErr();
    int replayed = 0;
    try (Spool spool = openMain(env, dir);
        ReplayLog log = ReplayLog.append(folder);
        Progress progress = progressOption.start("replay", todo.size(), err)) {
      for (DeadLetter d : todo) {
        long index = spool.append(d.record());
        if (index == Spool.DROPPED) {
          throw full(dir, replayed, todo.size(), "the full-spool policy DROP_NEWEST dropped it");
        }
        log.add(new ReplayLog.Entry(d.spoolIndex(), index, Instant.now()));
        if (firstNew < 0) {
          firstNew = index;
        }
        lastNew = index;
        progress.stepTo(++replayed);
      }
    } catch (SpoolFullException e) {
      throw full(dir, replayed, todo.size(), ErrorReporter.oneLine(e.getMessage()));
    } catch (IOException e) {
      throw new CommandFailedException(
          "Cannot write the replay log " + ReplayLog.file(folder) + " after " + replayed + " of "
              + todo.size() + " dead letters: " + e + ". Check the folder's permissions and free"
              + " disk; the letter being replayed may be re-injected once more by the next replay"
              + " (its copy is then refused by the primary key, never a second row).",
          e);
    }
    return replayed;
  }

  private Spool openMain(Map<String, String> env, Path dir) {
    try {
      return Spool.open(SpoolAccess.config(env, dir).drainEnabled(false).build().spool());
    } catch (SpoolException e) {
      throw new ConfigurationException(ErrorReporter.oneLine(e.getMessage()), e);
    }
  }

  private static CommandFailedException full(Path dir, int done, int of, String why) {
    return new CommandFailedException(
        "Replay into " + dir + " stopped after " + done + " of " + of + " dead letters: " + why
            + ". Those replayed are marked; let the drainer free space, then run the same"
            + " command again.");
  }
}
