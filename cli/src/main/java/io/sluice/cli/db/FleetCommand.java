package io.sluice.cli.db;

import io.sluice.SluiceDatabase;
import io.sluice.cli.common.CommandEnvironment;
import io.sluice.cli.common.CommandFailedException;
import io.sluice.cli.common.DatabaseOptions;
import io.sluice.cli.common.ErrorReporter;
import io.sluice.cli.common.ExitCodes;
import io.sluice.cli.common.HumanFormat;
import io.sluice.cli.common.JsonLine;
import io.sluice.cli.common.TextTable;
import io.sluice.model.SluiceException;
import io.sluice.model.SpoolCheckpoint;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sluice fleet}: every spool that drains into one database, from its checkpoint rows ({@link
 * SluiceDatabase#checkpoints}). Needs the database settings only, no spool folder.
 */
@Command(
    name = "fleet",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "List every spool draining into the database: committed, last update, lag.",
    description = {
      "Reads the checkpoint row of every spool in the database (one per Sluice process or "
          + "spool folder, on any host): spool id, events committed, events set aside as dead "
          + "letters, when its checkpoint last moved, and the lag: the database's now() minus "
          + "that time. Needs only the database settings, no spool folder.",
      "The backlog (events still waiting in a spool) is not knowable from the database: run "
          + "'sluice status' on the spool's host. A growing lag means that spool's drainer is "
          + "idle (nothing appended), stopped or stuck. Exit 1 when PostgreSQL cannot be read.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  POSTGRES_HOST=db1,db2 sluice fleet",
      "  sluice fleet --jdbc-url jdbc:postgresql://db/app --json | jq '.spools[].lag_ms'",
      "",
      "JSON keys: checked_at, spool_count, committed (sum), backlog (always null: known only on",
      "each spool's host), spools (spool_id, committed, dead_lettered, committed_index,",
      "updated_at, lag_ms)."
    })
public final class FleetCommand implements Callable<Integer> {
  @ParentCommand CommandEnvironment root;
  @Spec CommandSpec spec;
  @Mixin DatabaseOptions databaseOptions;

  @Option(names = "--json", description = "Print one JSON object (snake_case keys) on one line.")
  boolean json;

  @Override
  public Integer call() {
    List<SpoolCheckpoint> spools;
    try {
      spools = SluiceDatabase.checkpoints(databaseOptions.resolve(root.env()));
    } catch (SluiceException e) {
      throw new CommandFailedException(ErrorReporter.oneLine(e.getMessage()), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      printJson(out, spools);
    } else {
      printTable(out, spools);
    }
    return ExitCodes.OK;
  }

  private static void printJson(PrintWriter out, List<SpoolCheckpoint> spools) {
    List<Map<String, Object>> rows = new ArrayList<>();
    long committed = 0;
    for (SpoolCheckpoint s : spools) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("spool_id", s.spoolId());
      row.put("committed", s.committedEvents());
      row.put("dead_lettered", s.deadLetteredEvents());
      row.put("committed_index", s.committedIndex());
      row.put("updated_at", s.updatedAt().toString());
      row.put("lag_ms", s.sinceUpdate().toMillis());
      rows.add(row);
      committed += s.committedEvents();
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("checked_at", Instant.now().toString());
    fields.put("spool_count", spools.size());
    fields.put("committed", committed);
    fields.put("backlog", null);
    fields.put("spools", rows);
    JsonLine.print(out, fields);
  }

  private static void printTable(PrintWriter out, List<SpoolCheckpoint> spools) {
    if (spools.isEmpty()) {
      out.println("No spool has drained into this database yet (no checkpoint rows).");
      out.flush();
      return;
    }
    TextTable table =
        new TextTable(
            List.of("SPOOL ID", "COMMITTED", "DEAD LETTERS", "LAST UPDATE", "LAG", "BACKLOG"));
    for (SpoolCheckpoint s : spools) {
      table.add(
          List.of(
              s.spoolId(),
              HumanFormat.count(s.committedEvents()),
              HumanFormat.count(s.deadLetteredEvents()),
              s.updatedAt().toString(),
              HumanFormat.duration(s.sinceUpdate()),
              "unknown"));
    }
    table.print(out);
    out.println(
        spools.size()
            + " spool(s). BACKLOG is known only on each spool's host ('sluice status' there);"
            + " LAG is the time since that spool's last commit.");
    out.flush();
  }
}
