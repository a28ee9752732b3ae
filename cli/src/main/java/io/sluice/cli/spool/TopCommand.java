package io.sluice.cli.spool;

import io.sluice.cli.common.CommandEnvironment;
import io.sluice.cli.common.ConfigurationException;
import io.sluice.cli.common.DurationConverter;
import io.sluice.cli.common.ExitCodes;
import io.sluice.cli.common.SpoolOption;
import io.sluice.inspect.LiveProcess;
import io.sluice.inspect.LiveProcesses;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sluice top}: a live view of one spool and the processes running on it, redrawn every
 * second, from the status files they publish ({@link LiveProcess}); in the spirit of {@code vector
 * top}. Reads no spool file and no database, so it is cheap to leave running.
 */
@Command(
    name = "top",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Live view of a spool: append and commit rates, backlog, breaker, budget.",
    description = {
      "Every running Sluice rewrites a status file in its spool folder each second; this reads "
          + "them and shows, for the spool: append and commit rates with a sparkline of the last "
          + "minute, backlog and the age of its oldest event, health, drain and breaker state, "
          + "dead letters and drops, bytes used of the budget; then one row per live process "
          + "(drain state, breaker, health, pool in use, queries, uptime).",
      "On a terminal it redraws the screen until Ctrl-C; otherwise (a pipe, a file) it prints "
          + "plain frames one after another. --once prints a single frame (after one interval, "
          + "to measure the rates) and exits: 0, or 1 when no live process runs on the spool.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sluice top",
      "  sluice top --spool /var/lib/sluice/spool --once",
      "  watch -n 5 sluice top --once"
    })
public final class TopCommand implements Callable<Integer> {
  private static final String CLEAR = "\033[H\033[2J";

  @ParentCommand CommandEnvironment root;
  @Spec CommandSpec spec;
  @Mixin SpoolOption spoolOption;

  @Option(names = "--once", description = "Print one frame and exit (for scripts and tests).")
  boolean once;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Time between frames (default: 1s; at least 100ms).")
  Duration interval = Duration.ofSeconds(1);

  @Override
  public Integer call() throws InterruptedException {
    Path spool = spoolOption.resolve(root.env());
    if (!Files.isDirectory(spool)) {
      throw new ConfigurationException(
          "Not a spool: "
              + spool
              + " is not a folder (expected a spool folder). Point --spool or SLUICE_SPOOL_DIR at"
              + " the spool of a running Sluice.");
    }
    if (interval.compareTo(Duration.ofMillis(100)) < 0) {
      throw new ConfigurationException(
          "--interval is " + interval.toMillis() + " ms (expected at" + " least 100 ms).");
    }
    boolean terminal = !once && System.console() != null;
    boolean unicode = terminal && "UTF-8".equalsIgnoreCase(System.getProperty("native.encoding"));
    PrintWriter out = spec.commandLine().getOut();
    RateHistory appends = new RateHistory();
    RateHistory commits = new RateHistory();
    for (int frame = 0; ; frame++) {
      List<LiveProcess> live = LiveProcesses.in(spool).all();
      long now = System.nanoTime();
      appends.add(TopFrame.max(live, LiveProcess::appended), now);
      commits.add(TopFrame.max(live, LiveProcess::committed), now);
      if (once && live.isEmpty()) {
        out.print(TopFrame.render(spool, live, appends, commits, Instant.now(), false));
        out.flush();
        return ExitCodes.FAILURE;
      }
      if (!once || frame > 0) {
        String text = TopFrame.render(spool, live, appends, commits, Instant.now(), unicode);
        out.print(terminal ? CLEAR + text : (frame > 1 ? "\n" : "") + text);
        out.flush();
        if (once) {
          return ExitCodes.OK;
        }
      }
      TimeUnit.MILLISECONDS.sleep(interval.toMillis());
    }
  }
}
