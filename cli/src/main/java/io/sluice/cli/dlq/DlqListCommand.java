package io.sluice.cli.dlq;

import io.sluice.cli.common.ErrorReporter;
import io.sluice.cli.common.EventJson;
import io.sluice.cli.common.ExitCodes;
import io.sluice.cli.common.SpoolOption;
import io.sluice.inspect.DeadLetters;
import io.sluice.inspect.ReplayLog;
import io.sluice.model.DeadLetter;
import io.sluice.model.SpooledEvent;
import io.sluice.spool.SpoolDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sluice dlq list}: the dead letters, one per line. Read-only. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "List dead letters with reason, SQLSTATE, attempts, time and message.",
    description = {
      "One line per dead letter, oldest first: its index in the main spool, why it was set "
          + "aside, the SQLSTATE PostgreSQL gave, failed attempts, when, the event's kind, "
          + "whether 'dlq replay' re-injected it (and as which index), and the error message.",
      "Without a selection option, lists all. Read-only.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sluice dlq list",
      "  sluice dlq list --sqlstate 23514 --kind metric",
      "  sluice dlq list --json | jq -r 'select(.replayed | not) | .index'",
      "JSON: one object per line: index, reason, sqlstate, message, attempts, failed_at,",
      "kind, id, replayed, replayed_as, replayed_at."
    })
final class DlqListCommand implements Callable<Integer> {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  @ParentCommand DlqCommand dlq;
  @Spec CommandSpec spec;
  @Mixin SpoolOption spoolOption;
  @Mixin DlqSelection selection;

  @Option(names = "--json", description = "One JSON object per dead letter per line.")
  boolean json;

  @Override
  public Integer call() {
    Path dir = spoolOption.resolve(dlq.root.env());
    SpoolDirectory.checkReadable(dir);
    List<DeadLetter> letters = DeadLetters.read(dir);
    Map<Long, ReplayLog.Entry> replayed = DeadLetters.replayed(dir);
    PrintWriter out = spec.commandLine().getOut();
    String format = "%-16s %-9s %-8s %8s  %-19s  %-14s %-18s %s%n";
    if (!json) {
      out.printf(
          Locale.ROOT,
          format,
          "INDEX",
          "REASON",
          "SQLSTATE",
          "ATTEMPTS",
          "FAILED AT (UTC)",
          "KIND",
          "REPLAYED",
          "MESSAGE");
    }
    int shown = 0;
    for (DeadLetter d : letters) {
      SpooledEvent event = DeadLetters.decode(d);
      if (!selection.isEmpty() && !selection.matches(d, event)) {
        continue;
      }
      shown++;
      ReplayLog.Entry r = replayed.get(d.spoolIndex());
      if (json) {
        out.println(EventJson.line(DeadLetterJson.of(d, event, r)));
      } else {
        out.printf(
            Locale.ROOT,
            format,
            d.spoolIndex(),
            d.reason() == null ? "?" : d.reason().name().toLowerCase(Locale.ROOT),
            d.sqlState() == null ? "-" : d.sqlState(),
            d.attempts(),
            SECONDS.format(d.failedAt()),
            event == null ? "(damaged)" : EventJson.kindName(event.event()),
            r == null ? "no" : "as " + r.newIndex(),
            ErrorReporter.oneLine(d.message()));
      }
    }
    if (!json) {
      out.printf(
          Locale.ROOT,
          "%d of %d dead letters in %s%n",
          shown,
          letters.size(),
          DeadLetters.folder(dir));
    }
    out.flush();
    return ExitCodes.OK;
  }
}
