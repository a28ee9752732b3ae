package io.sluice.cli.load;

import io.sluice.Sluice;
import io.sluice.cli.common.CommandEnvironment;
import io.sluice.cli.common.CommandFailedException;
import io.sluice.cli.common.ExitCodes;
import io.sluice.cli.common.HumanFormat;
import io.sluice.cli.common.JsonLine;
import io.sluice.cli.common.ProgressTicker;
import io.sluice.cli.common.SpoolAccess;
import io.sluice.cli.common.SpoolOption;
import io.sluice.model.SluiceConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
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
 * {@code sluice load}: a synthetic writer. Appends a realistic mix of events to the spool without
 * draining (no database needed), prints progress to stderr and one JSON result line to stdout.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Append synthetic events to the spool (a load generator; no database needed).",
    description = {
      "Appends a realistic mix of AI-agent events (traces, routing decisions, metrics, "
          + "hand-overs) to the spool without draining them. Progress goes to stderr about once "
          + "a second; the result is one JSON line on stdout, where appended counts the appends "
          + "that returned (each one durable in the spool):",
      "  {\"appended\":1000000,\"threads\":2,\"seconds\":1.23,",
      "   \"events_per_second\":812345,\"spool\":\"/abs/path\"}",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sluice load --events 1000000 --threads 2",
      "  sluice load --events 50000 --rate 1000     # at most 1,000 events/s",
      "  sluice load --events 100000 --spool /var/lib/sluice/spool",
      "  sluice load --events 20000 | jq .events_per_second",
      "Then move them to PostgreSQL with 'sluice drain --until-empty'."
    })
public final class LoadCommand implements Callable<Integer> {
  static final int MAX_THREADS = 256;

  @ParentCommand CommandEnvironment root;
  @Spec CommandSpec spec;
  @Mixin SpoolOption spoolOption;

  @Option(names = "--events", required = true, paramLabel = "N", description = "Events to append.")
  long events;

  @Option(
      names = "--threads",
      paramLabel = "T",
      defaultValue = "1",
      description = "Writer threads, each appending an equal share (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--rate",
      paramLabel = "R",
      description = "Cap on total events per second over all threads (default: no cap).")
  Double rate;

  @Override
  public Integer call() throws InterruptedException {
    validate();
    Path dir = spoolOption.resolve(root.env());
    SluiceConfig config = SpoolAccess.config(root.env(), dir).drainEnabled(false).build();
    PrintWriter err = spec.commandLine().getErr();
    String note = WriterThreads.note(threads);
    if (note != null) {
      err.println("load: " + note);
    }
    SyntheticLoad.Result result;
    try (Sluice sluice = SpoolAccess.start(config)) {
      SyntheticLoad load = new SyntheticLoad(sluice, events, threads, rate == null ? 0 : rate);
      long start = System.nanoTime();
      ProgressTicker ticker = ProgressTicker.start(err, 1000, () -> progress(load, start));
      try {
        result = load.run();
      } finally {
        ticker.close();
      }
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("appended", result.appended());
    json.put("threads", threads);
    json.put("seconds", HumanFormat.roundedSeconds(result.nanos()));
    json.put("events_per_second", result.eventsPerSecond());
    json.put("spool", dir.toString());
    JsonLine.print(spec.commandLine().getOut(), json);
    if (result.failure() != null) {
      throw new CommandFailedException(
          "Appending to "
              + dir
              + " stopped after "
              + result.appended()
              + " of "
              + events
              + " events: "
              + result.failure().getMessage(),
          result.failure());
    }
    return ExitCodes.OK;
  }

  private void validate() {
    if (events < 1) {
      throw new ParameterException(
          spec.commandLine(), "--events is " + events + " (expected at least 1)");
    }
    if (threads < 1 || threads > MAX_THREADS) {
      throw new ParameterException(
          spec.commandLine(), "--threads is " + threads + " (expected 1 to " + MAX_THREADS + ")");
    }
    if (rate != null && !(rate > 0 && Double.isFinite(rate))) {
      throw new ParameterException(
          spec.commandLine(), "--rate is " + rate + " (expected events per second above 0)");
    }
  }

  private String progress(SyntheticLoad load, long startNanos) {
    long done = load.appended();
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    return String.format(
        Locale.ROOT,
        "load: %s of %s events appended (%.0f%%), %s events/s",
        HumanFormat.count(done),
        HumanFormat.count(events),
        100.0 * done / events,
        HumanFormat.count(Math.round(done / seconds)));
  }
}
