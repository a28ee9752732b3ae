package io.sluice.cli.load;

import io.sluice.Sluice;
import io.sluice.cli.common.CommandEnvironment;
import io.sluice.cli.common.CommandFailedException;
import io.sluice.cli.common.DatabaseOptions;
import io.sluice.cli.common.ExitCodes;
import io.sluice.cli.common.HumanFormat;
import io.sluice.cli.common.ProgressTicker;
import io.sluice.cli.common.SpoolAccess;
import io.sluice.cli.db.DrainWait;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceStatus;
import io.sluice.spool.SpoolDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * {@code sluice demo}: the whole path on one machine. Starts an embedded PostgreSQL unless one is
 * configured, appends a realistic event mix from several threads, drains it, and reads the row
 * counts back from PostgreSQL.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Run the whole write path on this machine and show what landed in PostgreSQL.",
    description = {
      "Appends a realistic mix of AI-agent events (traces, routing decisions, metrics, "
          + "hand-overs) from several threads, drains them to PostgreSQL, reads the row counts "
          + "back from PostgreSQL, and shows append and commit throughput.",
      "With no database configured, it starts an embedded PostgreSQL for the run.",
      "Its data: .sluice/demo/pg (removed at the end). The spool: .sluice/demo/spool.",
      "Both are made fresh on each run.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sluice demo",
      "  sluice demo --events 1000000 --threads 2",
      "  POSTGRES_HOST=localhost POSTGRES_USER=app POSTGRES_PASSWORD_FILE=~/.pg-app \\",
      "    sluice demo                      # into an existing database"
    })
public final class DemoCommand implements Callable<Integer> {
  static final Path HOME = Path.of(".sluice", "demo");
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);

  @ParentCommand CommandEnvironment root;
  @Spec CommandSpec spec;
  @Mixin DatabaseOptions databaseOptions;

  @Option(
      names = "--events",
      paramLabel = "N",
      defaultValue = "200000",
      description = "Events to write (default: ${DEFAULT-VALUE}).")
  long events;

  @Option(
      names = "--threads",
      paramLabel = "T",
      description =
          "Writer threads (default: half the CPU cores, 1 to 4; here ${DEFAULT-VALUE}: the rest"
              + " is left to the drainer and PostgreSQL).")
  int threads = WriterThreads.byDefault();

  private PrintWriter err;

  @Override
  public Integer call() throws InterruptedException, SQLException {
    validate();
    err = spec.commandLine().getErr();
    Map<String, String> env = root.env();
    Path home = HOME.toAbsolutePath();
    Path spoolDirectory = home.resolve("spool");
    FreshFolder.delete(spoolDirectory, "a Sluice spool", SpoolDirectory::isSpool);
    boolean configured = databaseOptions.isConfigured(env);
    if (!configured) {
      say("starting an embedded PostgreSQL in " + home.resolve("pg"));
    }
    try (DemoDatabase db =
        configured
            ? DemoDatabase.configured(databaseOptions.resolve(env), databaseOptions.password(env))
            : DemoDatabase.embedded(home.resolve("pg"))) {
      SluiceConfig config = SpoolAccess.config(env, spoolDirectory).database(db.config()).build();
      Instant since = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      Run run = run(config);
      List<TableCounts.Count> counts;
      try (Connection c = db.connect()) {
        counts = TableCounts.since(c, since);
      }
      new DemoReport(spec.commandLine().getOut(), events, threads)
          .print(
              counts,
              run.load(),
              run.drainedNanos(),
              spoolDirectory,
              run.usedBytes(),
              db.description());
      long rows = counts.stream().mapToLong(TableCounts.Count::rows).sum();
      long distinct = counts.stream().mapToLong(TableCounts.Count::distinctIds).sum();
      if (rows != run.load().appended() || distinct != rows) {
        throw new CommandFailedException(
            "PostgreSQL holds "
                + rows
                + " rows with "
                + distinct
                + " distinct ids for "
                + run.load().appended()
                + " appended events (expected all three equal).");
      }
      return ExitCodes.OK;
    }
  }

  private record Run(SyntheticLoad.Result load, long drainedNanos, long usedBytes) {}

  private Run run(SluiceConfig config) throws InterruptedException {
    try (Sluice sluice = SpoolAccess.start(config)) {
      awaitReady(sluice);
      String note = WriterThreads.note(threads);
      if (note != null) {
        say(note);
      }
      say("appending " + HumanFormat.count(events) + " events from " + threads + " threads");
      SyntheticLoad load = new SyntheticLoad(sluice, events, threads, 0);
      long start = System.nanoTime();
      SyntheticLoad.Result result;
      ProgressTicker ticker = ProgressTicker.start(err, 1000, () -> progress(sluice, load));
      try {
        result = load.run();
        if (result.failure() != null) {
          throw new CommandFailedException(
              "Appending stopped: " + result.failure().getMessage(), result.failure());
        }
        say("appended in " + HumanFormat.seconds(result.seconds()) + "; draining");
        if (DrainWait.untilEmpty(sluice, DRAIN_TIMEOUT, status -> {})
            != DrainWait.Outcome.DRAINED) {
          SluiceStatus status = sluice.status();
          throw new CommandFailedException(
              "Draining did not finish (" + status.drainState() + "): " + status.lastError());
        }
      } finally {
        ticker.close();
      }
      long drainedNanos = System.nanoTime() - start;
      return new Run(result, drainedNanos, sluice.status().usedBytes());
    }
  }

  /** Waits for the drainer to connect and apply the schema, so throughput excludes set-up. */
  private void awaitReady(Sluice sluice) throws InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    // DRAINING once connected, migrated and positioned (the backlog is known from the spool before)
    for (SluiceStatus s = sluice.status();
        !"DRAINING".equals(s.drainState());
        s = sluice.status()) {
      if (System.nanoTime() - deadline > 0 || DrainWait.notWriting(s)) {
        throw new CommandFailedException(
            "PostgreSQL is not ready (" + s.drainState() + "): " + s.lastError());
      }
      Thread.sleep(20);
    }
  }

  private String progress(Sluice sluice, SyntheticLoad load) {
    SluiceStatus s = sluice.status();
    return "demo: "
        + HumanFormat.count(load.appended())
        + " appended, "
        + HumanFormat.count(s.committed())
        + " committed";
  }

  private void validate() {
    if (events < 1) {
      throw new ParameterException(
          spec.commandLine(), "--events is " + events + " (expected at least 1)");
    }
    if (threads < 1 || threads > LoadCommand.MAX_THREADS) {
      throw new ParameterException(
          spec.commandLine(),
          "--threads is " + threads + " (expected 1 to " + LoadCommand.MAX_THREADS + ")");
    }
  }

  private void say(String line) {
    err.println("demo: " + line);
    err.flush();
  }
}
