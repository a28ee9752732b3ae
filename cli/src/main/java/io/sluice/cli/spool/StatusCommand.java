package io.sluice.cli.spool;

import io.sluice.cli.common.CommandEnvironment;
import io.sluice.cli.common.DatabaseOptions;
import io.sluice.cli.common.ErrorReporter;
import io.sluice.cli.common.ExitCodes;
import io.sluice.cli.common.HumanFormat;
import io.sluice.cli.common.JsonLine;
import io.sluice.cli.common.SpoolAccess;
import io.sluice.cli.common.SpoolOption;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.SluiceStatus;
import io.sluice.spool.SpoolDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sluice status}: where a spool stands, read from outside the process that owns it (the
 * spool is opened read-only; the checkpoint is read from PostgreSQL).
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Show a spool and its drain progress.",
    description = {
      "Shows spool id, appended, committed (the checkpoint in PostgreSQL), events set aside "
          + "as dead letters, backlog, age of the "
          + "oldest event not yet committed, records and bytes on disk, and the last error. "
          + "Opens the spool read-only: safe while another process appends or drains.",
      "Then each cycle file (.cq4) with its index range, records, bytes and whether every "
          + "record in it is committed; and, when a live Sluice process on this spool publishes "
          + "its status (status-PID.json in the spool folder, rewritten every second), its drain "
          + "state, circuit-breaker state, last error and byte budget (maxSpoolBytes).",
      "If PostgreSQL cannot be read, the checkpoint fields are unknown (-1 in JSON) and "
          + "last_error says why; the exit code is still 0. A folder that is not a spool "
          + "exits 2.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sluice status",
      "  sluice status --spool /var/lib/sluice/spool --json | jq .backlog",
      "  sluice status --json | jq '.cycles[] | select(.fully_committed | not)'",
      "",
      "JSON keys: spool_id, spool_directory, appended, committed, dead_lettered,",
      "committed_index, backlog, oldest_pending_ms (null when unknown),",
      "spooled_records, used_bytes, last_error, dropped, committed_index_source, accounting_holds",
      "(checkpoint, live drainer or null), drain_state (UNKNOWN when no live process),",
      "breaker_state, drainer_last_error, max_spool_bytes and budget_used_percent (null",
      "when no live process publishes them), dead_letter_records, cycle_files, cycles",
      "(file, cycle, first_index, last_index, records, bytes, fully_committed: true,",
      "false or null when unknown, pending_records), live_processes (pid, instance,",
      "updated_at, drain_state, breaker_state, last_error, committed_index, backlog,",
      "max_spool_bytes), lost, redrained_after_rollback (events re-drained after a failover or",
      "restore rolled the checkpoint back, ever).",
      "appended = committed + dead_lettered + dropped + unreadable + lost + backlog."
    })
public final class StatusCommand implements Callable<Integer> {
  @ParentCommand CommandEnvironment root;
  @Spec CommandSpec spec;
  @Mixin SpoolOption spoolOption;
  @Mixin DatabaseOptions databaseOptions;

  @Option(names = "--json", description = "Print one JSON object (snake_case keys) on one line.")
  boolean json;

  @Override
  public Integer call() {
    Map<String, String> env = root.env();
    Path dir = spoolOption.resolve(env);
    DatabaseConfig database = databaseOptions.resolve(env);
    SpoolDirectory.checkReadable(dir);
    SluiceStatus s = SpoolAccess.inspect(dir, database);
    StatusDetail detail = StatusDetail.read(dir, s);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = toJson(s);
      detail.addJson(m, s);
      JsonLine.print(out, m);
    } else {
      printTable(out, s);
      detail.printTable(out, s);
    }
    return ExitCodes.OK;
  }

  static Map<String, Object> toJson(SluiceStatus s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("spool_id", s.spoolId());
    m.put("spool_directory", s.spoolDirectory().toString());
    m.put("appended", s.appended());
    m.put("committed", s.committed());
    m.put("dead_lettered", s.deadLettered());
    m.put("unreadable", s.unreadable());
    m.put("lost", s.lost());
    m.put("redrained_after_rollback", s.redrainedAfterRollback());
    m.put("accounting_holds", s.accountingHolds());
    m.put("committed_index", s.committedIndex());
    m.put("backlog", s.backlog());
    m.put(
        "oldest_pending_ms", s.oldestPendingAge() == null ? null : s.oldestPendingAge().toMillis());
    m.put("spooled_records", s.spooledRecords());
    m.put("used_bytes", s.usedBytes());
    m.put("last_error", s.lastError());
    return m;
  }

  private static void printTable(PrintWriter out, SluiceStatus s) {
    row(out, "spool", s.spoolDirectory().toString());
    row(out, "spool id", s.spoolId());
    row(out, "appended", HumanFormat.count(s.appended()));
    row(out, "committed", HumanFormat.count(s.committed()) + committedIndex(s));
    row(out, "dead-lettered", HumanFormat.count(s.deadLettered()));
    row(
        out,
        "unreadable",
        HumanFormat.count(s.unreadable())
            + (s.unreadable() > 0
                ? " (lost to damaged spool files; see unreadable-records.txt)"
                : ""));
    if (s.redrainedAfterRollback() > 0) {
      row(
          out,
          "re-drained",
          HumanFormat.count(s.redrainedAfterRollback())
              + " (after a failover or restore rolled the checkpoint back)");
    }
    if (s.lost() > 0) {
      row(
          out,
          "lost",
          HumanFormat.count(s.lost())
              + " (a failover or restore rolled the checkpoint back past deleted cycle files)");
    }
    row(out, "backlog", HumanFormat.count(s.backlog()));
    row(
        out,
        "oldest pending",
        s.backlog() == 0 ? "none (backlog empty)" : HumanFormat.duration(s.oldestPendingAge()));
    row(out, "spooled records", HumanFormat.count(s.spooledRecords()));
    row(
        out,
        "bytes on disk",
        HumanFormat.bytes(s.usedBytes()) + " (" + HumanFormat.count(s.usedBytes()) + " bytes)");
    row(out, "last error", s.lastError() == null ? "none" : ErrorReporter.oneLine(s.lastError()));
  }

  private static String committedIndex(SluiceStatus s) {
    if (s.committed() < 0) {
      return "";
    }
    return s.committedIndex() < 0
        ? " (nothing committed yet)"
        : " (up to spool index " + s.committedIndex() + ")";
  }

  private static void row(PrintWriter out, String label, String value) {
    out.printf("%-16s %s%n", label, value);
  }
}
