package io.sluice.cli.spool;

import io.sluice.cli.common.CommandEnvironment;
import io.sluice.cli.common.CommandFailedException;
import io.sluice.cli.common.EventJson;
import io.sluice.cli.common.ExitCodes;
import io.sluice.cli.common.HumanFormat;
import io.sluice.cli.common.JsonLine;
import io.sluice.cli.common.Progress;
import io.sluice.cli.common.ProgressOption;
import io.sluice.cli.common.SpoolOption;
import io.sluice.inspect.DecodedRecord;
import io.sluice.inspect.EventScanner;
import io.sluice.spool.Spool;
import io.sluice.spool.SpoolCycle;
import io.sluice.spool.SpoolDirectory;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * {@code sluice dump}: exports a range of spool records as JSON lines, losslessly (see {@link
 * EventJson}). Read-only.
 */
@Command(
    name = "dump",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Export a range of spool events as JSON lines, losslessly.",
    description = {
      "Writes one JSON object per record with index, id, kind, recorded_at, occurred_at and "
          + "every field of the event: times in UTC with microseconds, doubles exactly "
          + "(shortest form that reads back as the same double), JSON fields (metadata, tags, "
          + "context) embedded as JSON, byte for byte. A damaged record is written as "
          + "{\"index\":..,\"damaged\":\"why\",\"record_base64\":\"..\"} so nothing is lost.",
      "The range is inclusive; indexes not on disk are skipped (see 'sluice status' for each "
          + "file's range). On a live spool, --to defaults to the newest record at start. "
          + "With --out, the file appears only when complete (written as FILE.partial, then "
          + "renamed) and a JSON summary goes to stdout; progress goes to stderr.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sluice dump --out spool.jsonl                      # everything",
      "  sluice dump --from 84464214835200 --to 84464214835299 --out part.jsonl",
      "  sluice dump | jq -c 'select(.kind == \"metric\")' | head",
      "Summary (stdout, with --out): {\"events\":100,\"damaged\":0,\"first_index\":..,",
      "  \"last_index\":..,\"out\":\"/abs/part.jsonl\"}",
      "Exit codes: 0 done; 1 damaged records were found (written as damaged lines) or the file",
      "cannot be written; 2 usage error or not a spool."
    })
public final class DumpCommand implements Callable<Integer> {
  @ParentCommand CommandEnvironment root;
  @Spec CommandSpec spec;
  @Mixin SpoolOption spoolOption;
  @Mixin ProgressOption progressOption;

  @Option(names = "--from", paramLabel = "INDEX", description = "First index (default: oldest).")
  Long from;

  @Option(
      names = "--to",
      paramLabel = "INDEX",
      description = "Last index, inclusive (default: newest at start).")
  Long to;

  @Option(names = "--out", paramLabel = "FILE", description = "Write here (default: stdout).")
  Path outFile;

  @Override
  public Integer call() throws IOException {
    if (from != null && to != null && from > to) {
      throw new ParameterException(
          spec.commandLine(), "--from " + from + " is after --to " + to + " (expected from <= to)");
    }
    Path dir = spoolOption.resolve(root.env());
    try (Spool spool = SpoolDirectory.openReadOnly(dir)) {
      List<SpoolCycle> cycles = spool.cycles();
      long lo = from != null ? from : Math.max(IndexRange.first(cycles), 0);
      long hi = to != null ? to : IndexRange.last(cycles);
      long total = IndexRange.count(cycles, lo, hi);
      return outFile == null ? toStdout(spool, lo, hi, total) : toFile(spool, lo, hi, total);
    }
  }

  private int toStdout(Spool spool, long lo, long hi, long total) {
    PrintWriter out = spec.commandLine().getOut();
    Result r = copy(spool, lo, hi, total, out);
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    err.println("dump: " + r.describe());
    err.flush();
    return finish(r);
  }

  private int toFile(Spool spool, long lo, long hi, long total) throws IOException {
    Path target = outFile.toAbsolutePath().normalize();
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    Result r;
    try (Writer w =
        new BufferedWriter(
            new OutputStreamWriter(Files.newOutputStream(partial), StandardCharsets.UTF_8),
            1 << 16)) {
      r = copy(spool, lo, hi, total, w);
    } catch (IOException | UncheckedIOException e) {
      Files.deleteIfExists(partial);
      throw new CommandFailedException("Cannot write the dump to " + partial + ": " + e + ".", e);
    }
    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("events", r.events);
    json.put("damaged", r.damaged);
    json.put("first_index", r.first);
    json.put("last_index", r.last);
    json.put("out", target.toString());
    JsonLine.print(spec.commandLine().getOut(), json);
    return finish(r);
  }

  private int finish(Result r) {
    if (r.damaged > 0) {
      throw new CommandFailedException(
          r.damaged
              + " damaged record(s) in "
              + spoolOption.resolve(root.env())
              + ", written as"
              + " {\"damaged\":..} lines with their bytes. Run 'sluice verify' for their offsets.");
    }
    return ExitCodes.OK;
  }

  private Result copy(Spool spool, long lo, long hi, long total, Writer w) {
    Result r = new Result();
    try (EventScanner scanner = new EventScanner(spool).startAt(lo);
        Progress progress = progressOption.start("dump", total, spec.commandLine().getErr())) {
      for (DecodedRecord rec = scanner.next();
          rec != null && rec.index() <= hi;
          rec = scanner.next()) {
        String line =
            EventJson.line(
                rec.isDamaged()
                    ? EventJson.damaged(rec.index(), rec.damage(), rec.bytes())
                    : EventJson.of(rec.index(), rec.event()));
        w.write(line);
        w.write('\n');
        r.add(rec);
        progress.stepTo(r.events + r.damaged);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return r;
  }

  /** What a dump wrote. */
  private static final class Result {
    long events;
    long damaged;
    long first = -1;
    long last = -1;

    void add(DecodedRecord rec) {
      if (rec.isDamaged()) {
        damaged++;
      } else {
        events++;
      }
      if (first < 0) {
        first = rec.index();
      }
      last = rec.index();
    }

    String describe() {
      return HumanFormat.count(events)
          + " events"
          + (damaged > 0 ? " and " + HumanFormat.count(damaged) + " damaged records" : "")
          + (first < 0 ? "" : ", indexes " + first + ".." + last);
    }
  }
}
