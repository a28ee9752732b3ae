package io.sluice.cli.db;

import io.sluice.Sluice;
import io.sluice.cli.common.CommandEnvironment;
import io.sluice.cli.common.CommandFailedException;
import io.sluice.cli.common.DatabaseOptions;
import io.sluice.cli.common.DurationConverter;
import io.sluice.cli.common.ExitCodes;
import io.sluice.cli.common.HumanFormat;
import io.sluice.cli.common.JsonLine;
import io.sluice.cli.common.ProgressLines;
import io.sluice.cli.common.ProgressOption;
import io.sluice.cli.common.SpoolAccess;
import io.sluice.cli.common.SpoolOption;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.SluiceClosedException;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sluice drain}: runs the drainer on an existing spool, either until the backlog is empty or
 * until SIGINT/SIGTERM (the shutdown hook lets the batch in flight commit).
 */
@Command(
    name = "drain",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Move the spool's events to PostgreSQL, each exactly once.",
    description = {
      "Runs the drainer on the spool (creating it in a missing or empty folder, so it may "
          + "start before the application): batches of rows commit in one transaction with "
          + "the spool checkpoint, so each event lands exactly once, also across restarts. "
          + "Applies the schema on first connect.",
      "One drainer owns a spool at a time. A second `sluice drain` on the same spool (this "
          + "host or another) writes nothing: it waits as a STANDBY and takes over within a few "
          + "seconds when the owner stops or dies.",
      "Without --until-empty it runs until SIGINT or SIGTERM, then lets the batch in flight "
          + "commit. With --until-empty it exits 0 once the backlog is 0, printing one JSON "
          + "line (committed: events this run moved; total_committed: the spool's checkpoint):",
      "  {\"committed\":1000000,\"seconds\":9.8,\"events_per_second\":102040,",
      "   \"total_committed\":1000000,\"backlog\":0,\"spool\":\"/abs/path\"}",
      "Exits 1 with the reason if draining halts or --timeout passes.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  POSTGRES_HOST=db POSTGRES_USER=app POSTGRES_PASSWORD_FILE=/run/secrets/pg \\",
      "    sluice drain --until-empty --timeout 10m",
      "  sluice drain --jdbc-url jdbc:postgresql://localhost:5432/app \\",
      "    --password-file ~/.config/sluice/pg-password",
      "  SLUICE_BATCH_SIZE=20000 sluice drain --spool /var/lib/sluice/spool",
      "    # runs until Ctrl-C or SIGTERM"
    })
public final class DrainCommand implements Callable<Integer> {
  private static final Duration SLICE = Duration.ofSeconds(1);
  private static final String STANDBY = "STANDBY";

  /** How long past --timeout a stuck start or stop may take before the process exits anyway. */
  private static final Duration GRACE = Duration.ofSeconds(10);

  @ParentCommand CommandEnvironment root;
  @Spec CommandSpec spec;
  @Mixin SpoolOption spoolOption;
  @Mixin DatabaseOptions databaseOptions;
  @Mixin ProgressOption progressOption;

  @Option(
      names = "--until-empty",
      description = "Exit 0 once every event in the spool is committed.")
  boolean untilEmpty;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "With --until-empty: give up (exit 1) after this long, e.g. 90s, 10m "
              + "(default: no limit).")
  Duration timeout;

  private Path spoolDirectory;
  private String startError;

  @Override
  public Integer call() throws InterruptedException {
    if (timeout != null && !untilEmpty) {
      throw new ParameterException(
          spec.commandLine(), "--timeout is set without --until-empty (expected both or neither)");
    }
    try (Deadline deadline =
        untilEmpty && timeout != null
            ? Deadline.exitAfter(
                timeout.plus(GRACE), spec.commandLine().getErr(), this::timeoutMessage)
            : null) {
      return drain();
    }
  }

  private int drain() throws InterruptedException {
    Map<String, String> env = root.env();
    spoolDirectory = spoolOption.resolve(env);
    DatabaseConfig database = databaseOptions.resolve(env);
    SluiceConfig config = SpoolAccess.config(env, spoolDirectory).database(database).build();
    // A drainer may start before any writer: it creates the spool (or waits on the one another
    // process is creating), quarantines truncated cycle files and repairs damaged ones (readable
    // records kept, the rest counted unreadable), like a writer.
    SpoolAccess.openWritable(config);
    // Tells at once why PostgreSQL cannot be read, where the drainer takes a while to say.
    SluiceStatus before = null;
    try {
      before = SpoolAccess.inspect(spoolDirectory, database);
      startError = before.lastError();
    } catch (SpoolAccess.DamagedSpoolException e) {
      // Damaged again since the open above: the drainer's own open repairs it once more.
      spec.commandLine().getErr().println("drain: " + e.getMessage() + " Repairing it on open.");
      spec.commandLine().getErr().flush();
    }
    try (Sluice sluice = SpoolAccess.start(config)) {
      if (before == null) {
        before = sluice.status();
      }
      return untilEmpty ? drainUntilEmpty(sluice, before) : drainUntilStopped(sluice, database);
    }
  }

  private String timeoutMessage() {
    return "Draining "
        + spoolDirectory
        + " did not finish within "
        + timeout.toString().substring(2).toLowerCase(Locale.ROOT)
        + " (and stopping took longer than "
        + GRACE.toSeconds()
        + " s more). Check that PostgreSQL is reachable and `sluice verify`, or raise --timeout.";
  }

  private int drainUntilEmpty(Sluice sluice, SluiceStatus before) {
    long committedBefore = before.committed();
    long start = System.nanoTime();
    DrainWait.Outcome outcome;
    try (DrainProgressView progress =
        DrainProgressView.start(
            progressOption, spec.commandLine().getErr(), before, this::describe)) {
      outcome = DrainWait.untilEmpty(sluice, timeout, progress);
    }
    SluiceStatus status = sluice.status();
    switch (outcome) {
      case DRAINED -> {
        printResult(status, committedBefore, System.nanoTime() - start);
        return ExitCodes.OK;
      }
      case NOT_WRITING -> throw halted(status);
      default ->
          throw new CommandFailedException(
              "Draining "
                  + spoolDirectory
                  + " did not finish within "
                  + timeout.toString().substring(2).toLowerCase(Locale.ROOT)
                  + " ("
                  + describe(status)
                  + "). Check that PostgreSQL is reachable, or raise --timeout.");
    }
  }

  private int drainUntilStopped(Sluice sluice, DatabaseConfig database)
      throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              sluice.close(); // lets the batch in flight commit
              // Said here, not by the main thread: once the hooks finish the JVM halts, and the
              // main thread may never get to run again.
              err.println("drain: stopped; the batch in flight was committed.");
              err.flush();
              stopped.countDown();
            },
            "sluice-drain-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    err.println(
        "drain: draining "
            + spoolDirectory
            + " into "
            + database.redactedUrl()
            + "; stop with Ctrl-C or SIGTERM");
    err.flush();
    ProgressLines progress = new ProgressLines(err, Duration.ofSeconds(10), Duration.ofMinutes(1));
    while (!stopped.await(SLICE.toMillis(), TimeUnit.MILLISECONDS)) {
      SluiceStatus status;
      try {
        status = sluice.status();
      } catch (SluiceClosedException | IllegalStateException e) {
        break; // the shutdown hook is closing Sluice
      }
      // HALTED_FATAL is left running on purpose: core re-checks it, so fixing the database (a
      // password, a privilege) resumes draining without restarting this process.
      if (DrainWait.STOPPED.equals(status.drainState())) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the JVM is already stopping; the hook closes Sluice either way
        }
        throw halted(status);
      }
      progress.offer("drain: " + describe(status));
    }
    stopped.await();
    return ExitCodes.OK;
  }

  private void printResult(SluiceStatus status, long committedBefore, long nanos) {
    long moved = committedBefore >= 0 ? status.committed() - committedBefore : status.committed();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("committed", moved);
    json.put("seconds", HumanFormat.roundedSeconds(nanos));
    json.put("events_per_second", nanos == 0 ? 0 : Math.round(moved / (nanos / 1e9)));
    json.put("total_committed", status.committed());
    json.put("backlog", status.backlog());
    json.put("spool", spoolDirectory.toString());
    JsonLine.print(spec.commandLine().getOut(), json);
  }

  private CommandFailedException halted(SluiceStatus status) {
    return new CommandFailedException(
        "Draining "
            + spoolDirectory
            + " stopped ("
            + status.drainState()
            + "): "
            + status.lastError());
  }

  private String describe(SluiceStatus s) {
    boolean connecting = "CONNECTING".equals(s.drainState());
    String why = s.lastError() != null ? s.lastError() : connecting ? startError : null;
    if (s.backlog() < 0) {
      return "waiting for PostgreSQL, checkpoint not read yet"
          + (why == null ? "" : "; last error: " + withoutFinalPeriod(why));
    }
    String progress =
        HumanFormat.count(s.committed()) + " committed, backlog " + HumanFormat.count(s.backlog());
    if (STANDBY.equals(s.drainState())) {
      progress = "standby (another process drains this spool): " + progress;
    } else if (connecting) {
      progress =
          "waiting for PostgreSQL (counts from the spool and its last checkpoint): " + progress;
    }
    return why == null ? progress : progress + "; last error: " + withoutFinalPeriod(why);
  }

  private static String withoutFinalPeriod(String message) {
    return message.strip().replaceAll("\\.+$", "");
  }
}
