package io.sluice.cli.spool;

import io.sluice.cli.common.CommandEnvironment;
import io.sluice.cli.common.CommandFailedException;
import io.sluice.cli.common.DatabaseOptions;
import io.sluice.cli.common.ErrorReporter;
import io.sluice.cli.common.EventJson;
import io.sluice.cli.common.ExitCodes;
import io.sluice.cli.common.SinceConverter;
import io.sluice.cli.common.SpoolAccess;
import io.sluice.cli.common.SpoolOption;
import io.sluice.inspect.DecodedRecord;
import io.sluice.inspect.EventScanner;
import io.sluice.model.EventKind;
import io.sluice.model.SluiceStatus;
import io.sluice.spool.Spool;
import io.sluice.spool.SpoolCorruptedException;
import io.sluice.spool.SpoolDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sluice tail}: decodes the spool's events, committed or not, as a table or JSON lines, and
 * with {@code -f} keeps printing new ones as any process appends them. Read-only.
 */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Show the spool's events, including those not yet in PostgreSQL.",
    description = {
      "Decodes events straight from the spool files, committed to PostgreSQL or not, as a table "
          + "or (--json) one JSON object per line with every field (the format of 'sluice dump').",
      "Where it starts: with --from-index, --since or --pending-only, at the first matching "
          + "event from there; otherwise, like tail(1), with the last --limit matching events "
          + "(default 10). With -f it then prints new events as they are appended, by this or any "
          + "process, within a fraction of a second, until Ctrl-C or --limit events.",
      "--pending-only reads the checkpoint from PostgreSQL once, at start, and shows only events "
          + "after it (appended, not yet committed or set aside). Opens the spool read-only and "
          + "never moves the drainer's checkpoint: safe on a live spool. Damaged records are shown "
          + "as DAMAGED lines (--json: {\"index\":..,\"damaged\":..,\"record_base64\":..}).",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sluice tail                                # the last 10 events",
      "  sluice tail -f --kind trace --agent planner",
      "  sluice tail --trace-id t-42 --since 2h --json | jq .message",
      "  sluice tail --pending-only --limit 100     # what PostgreSQL does not have yet",
      "  sluice tail --from-index 84464214835200 --limit 5",
      "Exit codes: 0 done; 1 the checkpoint for --pending-only cannot be read; 2 usage error or",
      "not a spool; 130 -f stopped with Ctrl-C (SIGINT), as for any program."
    })
public final class TailCommand implements Callable<Integer> {
  static final int DEFAULT_LAST = 10;
  private static final Duration POLL = Duration.ofMillis(100);

  @ParentCommand CommandEnvironment root;
  @Spec CommandSpec spec;
  @Mixin SpoolOption spoolOption;
  @Mixin DatabaseOptions databaseOptions;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing events as they are appended.")
  boolean follow;

  @Option(
      names = "--kind",
      paramLabel = "KIND",
      description = "Only this kind: trace, routing, metric, transformation.")
  EventKind kind;

  @Option(names = "--trace-id", paramLabel = "ID", description = "Only trace events of this trace.")
  String traceId;

  @Option(
      names = "--agent",
      paramLabel = "NAME",
      description =
          "Only events naming this agent (trace agent_name, routing selected_agent, hand-over"
              + " source or target, metric component).")
  String agent;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      converter = SinceConverter.class,
      description =
          "Only events recorded at or after TIME: 2026-11-27T08:00:00Z, 2026-11-27, or ago: 10m,"
              + " 2h, 1d.")
  Instant since;

  @Option(
      names = "--from-index",
      paramLabel = "INDEX",
      description = "Start at this spool index (see 'sluice status' for each file's range).")
  Long fromIndex;

  @Option(
      names = "--pending-only",
      description = "Only events after the checkpoint in PostgreSQL (needs the database).")
  boolean pendingOnly;

  @Option(names = "--json", description = "One JSON object per event per line.")
  boolean json;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Stop after N events (without a start option: the last N, default 10).")
  Integer limit;

  private PrintWriter out;
  private long printed;

  @Override
  public Integer call() {
    if (limit != null && limit < 1) {
      throw new ParameterException(
          spec.commandLine(), "--limit is " + limit + " (expected 1 or more)");
    }
    Map<String, String> env = root.env();
    Path dir = spoolOption.resolve(env);
    long checkpoint = pendingOnly ? checkpoint(env, dir) : -1;
    EventFilter filter = new EventFilter(kind, traceId, agent, since);
    out = spec.commandLine().getOut();
    try (Spool spool = SpoolDirectory.openReadOnly(dir);
        EventScanner scanner = new EventScanner(spool)) {
      if (!json) {
        out.println(EventLine.HEADER);
      }
      boolean fromStart = fromIndex != null || since != null || pendingOnly;
      if (pendingOnly) {
        startAfterCheckpoint(scanner, dir, checkpoint);
      }
      if (fromIndex != null) {
        scanner.startAt(Math.max(fromIndex, pendingOnly ? checkpoint + 1 : Long.MIN_VALUE));
      }
      if (fromStart) {
        copy(scanner, filter, limit);
      } else {
        printLast(scanner, filter, limit == null ? DEFAULT_LAST : limit);
        if (follow) {
          copy(scanner, filter, null);
        }
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  private long checkpoint(Map<String, String> env, Path dir) {
    if (!databaseOptions.isConfigured(env)) {
      throw new ParameterException(
          spec.commandLine(),
          "--pending-only needs the checkpoint in PostgreSQL, and no database is set (expected"
              + " --jdbc-url, or env SLUICE_JDBC_URL or POSTGRES_HOST)");
    }
    SpoolDirectory.checkReadable(dir);
    SluiceStatus s = SpoolAccess.inspect(dir, databaseOptions.resolve(env));
    if (s.committed() < 0) {
      throw new CommandFailedException(
          "Cannot show pending events of "
              + dir
              + ": the checkpoint cannot be read ("
              + ErrorReporter.oneLine(s.lastError())
              + "). Check the database settings, or drop"
              + " --pending-only to show every event.");
    }
    return s.committedIndex();
  }

  private static void startAfterCheckpoint(EventScanner scanner, Path dir, long checkpoint) {
    try {
      scanner.startAfter(checkpoint);
    } catch (SpoolCorruptedException e) {
      throw new CommandFailedException(
          "Cannot find the checkpoint's record "
              + checkpoint
              + " in "
              + dir
              + ": "
              + ErrorReporter.oneLine(e.getMessage()));
    }
  }

  /** Like tail(1): reads to the end, keeping the last {@code n} matching records, prints them. */
  private void printLast(EventScanner scanner, EventFilter filter, int n) {
    Deque<DecodedRecord> last = new ArrayDeque<>(n);
    for (DecodedRecord r = scanner.next(); r != null; r = scanner.next()) {
      if (r.isDamaged() || filter.matches(r.event())) {
        if (last.size() == n) {
          last.removeFirst();
        }
        last.addLast(r);
      }
    }
    last.forEach(this::print);
    out.flush();
  }

  /** Prints matching records up to {@code max} (null: no limit), following if asked. */
  private void copy(EventScanner scanner, EventFilter filter, Integer max) {
    while (max == null || printed < max) {
      DecodedRecord r = scanner.next();
      if (r == null) {
        out.flush();
        if (!follow || out.checkError()) {
          return; // done, or the reader of our output went away (e.g. head closed the pipe)
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL.toMillis()));
        continue;
      }
      if (r.isDamaged() || filter.matches(r.event())) {
        print(r);
        if (follow) {
          out.flush();
        }
      }
    }
  }

  private void print(DecodedRecord r) {
    printed++;
    if (json) {
      out.println(
          EventJson.line(
              r.isDamaged()
                  ? EventJson.damaged(r.index(), r.damage(), r.bytes())
                  : EventJson.of(r.index(), r.event())));
    } else {
      out.println(
          r.isDamaged()
              ? EventLine.damaged(r.index(), r.damage())
              : EventLine.of(r.index(), r.event()));
    }
  }
}
