package io.sluice.cli.dlq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.cli.common.CommandFailedException;
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
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sluice dlq show INDEX}: one dead letter with its decoded event. Read-only. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Show one dead letter and the event inside it.",
    description = {
      "Shows the dead letter whose event had INDEX in the main spool (as 'dlq list' shows it): "
          + "reason, SQLSTATE, message, attempts, time, replay state, and the event with every "
          + "field (as 'sluice dump' writes it). A record that does not decode is shown as its "
          + "bytes in base64.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sluice dlq show 84464214835242",
      "  sluice dlq show 84464214835242 --json | jq .event.tags",
      "JSON: the 'dlq list' object plus \"event\" (the dump format) or \"record_base64\".",
      "Exit codes: 0 shown; 1 no dead letter has INDEX; 2 usage error or not a spool."
    })
final class DlqShowCommand implements Callable<Integer> {
  @ParentCommand DlqCommand dlq;
  @Spec CommandSpec spec;
  @Mixin SpoolOption spoolOption;

  @Parameters(paramLabel = "INDEX", description = "The event's index in the main spool.")
  long index;

  @Option(names = "--json", description = "One JSON object on one line.")
  boolean json;

  @Override
  public Integer call() throws JsonProcessingException {
    Path dir = spoolOption.resolve(dlq.root.env());
    SpoolDirectory.checkReadable(dir);
    DeadLetter d =
        DeadLetters.read(dir).stream()
            .filter(l -> l.spoolIndex() == index)
            .findFirst()
            .orElseThrow(
                () ->
                    new CommandFailedException(
                        "No dead letter has index "
                            + index
                            + " in "
                            + DeadLetters.folder(dir)
                            + ". Run 'sluice dlq list' for the indexes."));
    SpooledEvent event = DeadLetters.decode(d);
    Map<Long, ReplayLog.Entry> replayed = DeadLetters.replayed(dir);
    ObjectNode o = DeadLetterJson.of(d, event, replayed.get(index));
    if (event != null) {
      o.set("event", EventJson.of(d.spoolIndex(), event));
    } else {
      o.put("record_base64", Base64.getEncoder().encodeToString(d.record()));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(EventJson.line(o));
    } else {
      for (Map.Entry<String, JsonNode> f : o.properties()) {
        if (!f.getKey().equals("event")) {
          JsonNode v = f.getValue();
          out.printf("%-14s %s%n", f.getKey(), v.isTextual() ? v.asText() : v.toString());
        }
      }
      if (event != null) {
        out.println("event:");
        out.println(
            EventJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o.get("event")));
      }
    }
    out.flush();
    return ExitCodes.OK;
  }
}
