package io.sluice.cli.db;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.sluice.Sluice;
import io.sluice.cli.common.ConfigurationException;
import io.sluice.cli.common.DatabaseOptions;
import io.sluice.cli.common.ErrorReporter;
import io.sluice.cli.common.ExitCodes;
import io.sluice.cli.common.HumanFormat;
import io.sluice.cli.common.JsonLine;
import io.sluice.cli.common.TextTable;
import io.sluice.cli.common.VerboseAwareStrategy;
import io.sluice.model.EventKind;
import io.sluice.model.OperationsConfig;
import io.sluice.model.RetentionReport;
import io.sluice.model.RetentionReport.RemovedPartition;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sluice retention apply}: runs retention once against the database ({@link
 * Sluice#applyRetention(io.sluice.model.DatabaseConfig, OperationsConfig, boolean)}), without a
 * spool or a drainer, and prints each partition removed (or that would be) with its rows.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Detach and drop the day partitions past retention, now.",
    description = {
      "Removes whole UTC day partitions whose day ended more than the kind's retention days "
          + "ago (detached, then dropped: rows are never deleted one by one), and creates the "
          + "partitions of the next days. Safe while Sluice drains the same database.",
      "Exit 1 if any partition could not be removed or PostgreSQL cannot be reached (each "
          + "error on one line of stderr); what was removed is still listed.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sluice retention apply --dry-run",
      "  SLUICE_RETENTION_TRACE_DAYS=7 sluice retention apply",
      "  sluice retention apply --json | jq .rows_removed",
      "JSON keys: dry_run, ran_at, retention_days {trace, routing, metric,",
      "transformation}, removed [{kind, partition, day, rows}], rows_removed,",
      "partitions_ready_through, errors."
    })
final class RetentionApplyCommand implements Callable<Integer> {
  @ParentCommand RetentionCommand parent;
  @Spec CommandSpec spec;
  @Mixin DatabaseOptions databaseOptions;

  @Option(names = "--dry-run", description = "List what would be removed; change nothing.")
  boolean dryRun;

  @Option(names = "--json", description = "Print one JSON object (snake_case keys) on one line.")
  boolean json;

  @Override
  public Integer call() {
    Map<String, String> env = parent.env();
    OperationsConfig ops;
    try {
      ops = OperationsConfig.fromEnvironment(env).build();
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("Bad setting in the environment: " + e.getMessage(), e);
    }
    if (!VerboseAwareStrategy.isVerbose(spec.root().commandLine().getParseResult())) {
      // The job logs each removal at INFO; here stdout lists them already.
      Logger job = (Logger) LoggerFactory.getLogger("io.sluice.internal.ops.RetentionJob");
      job.setLevel(Level.ERROR);
    }
    RetentionReport r = Sluice.applyRetention(databaseOptions.resolve(env), ops, dryRun);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      JsonLine.print(out, toJson(r, ops));
    } else {
      print(out, r, ops);
    }
    PrintWriter err = spec.commandLine().getErr();
    for (String e : r.errors()) {
      err.println(spec.qualifiedName() + ": " + ErrorReporter.oneLine(e));
    }
    err.flush();
    return r.errors().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  static Map<String, Object> toJson(RetentionReport r, OperationsConfig ops) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dry_run", r.dryRun());
    m.put("ran_at", r.ranAt().toString());
    Map<String, Object> days = new LinkedHashMap<>();
    for (EventKind k : EventKind.values()) {
      days.put(k.name().toLowerCase(Locale.ROOT), ops.retentionDays(k));
    }
    m.put("retention_days", days);
    List<Map<String, Object>> removed = new ArrayList<>();
    for (RemovedPartition p : r.removed()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("kind", p.kind().name().toLowerCase(Locale.ROOT));
      o.put("partition", p.partition());
      o.put("day", p.day().toString());
      o.put("rows", p.rows());
      removed.add(o);
    }
    m.put("removed", removed);
    m.put("rows_removed", r.rowsRemoved());
    m.put(
        "partitions_ready_through",
        r.partitionsReadyThrough() == null ? null : r.partitionsReadyThrough().toString());
    m.put("errors", r.errors());
    return m;
  }

  private static void print(PrintWriter out, RetentionReport r, OperationsConfig ops) {
    List<String> days = new ArrayList<>();
    for (EventKind k : EventKind.values()) {
      days.add(k.name().toLowerCase(Locale.ROOT) + " " + ops.retentionDays(k) + " d");
    }
    out.println("Retention: " + String.join(", ", days) + (r.dryRun() ? " (dry run)" : ""));
    String verb = r.dryRun() ? "would remove" : "removed";
    if (!r.removed().isEmpty()) {
      TextTable t = new TextTable(List.of("ACTION", "PARTITION", "KIND", "DAY", "ROWS"));
      for (RemovedPartition p : r.removed()) {
        t.add(
            List.of(
                verb,
                p.partition(),
                p.kind().name().toLowerCase(Locale.ROOT),
                p.day().toString(),
                HumanFormat.count(p.rows())));
      }
      t.print(out);
    }
    int n = r.removed().size();
    String summary =
        n
            + " partition"
            + (n == 1 ? "" : "s")
            + ", "
            + HumanFormat.count(r.rowsRemoved())
            + " rows";
    out.println(
        r.dryRun()
            ? "Would remove " + summary + "; nothing changed (dry run)."
            : "Removed "
                + summary
                + "."
                + (r.partitionsReadyThrough() == null
                    ? ""
                    : " Partitions exist through " + r.partitionsReadyThrough() + "."));
    out.flush();
  }
}
