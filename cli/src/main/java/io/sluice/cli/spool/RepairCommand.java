package io.sluice.cli.spool;

import io.sluice.cli.common.CommandEnvironment;
import io.sluice.cli.common.CommandFailedException;
import io.sluice.cli.common.ErrorReporter;
import io.sluice.cli.common.ExitCodes;
import io.sluice.cli.common.HumanFormat;
import io.sluice.cli.common.JsonLine;
import io.sluice.cli.common.SpoolOption;
import io.sluice.inspect.LiveProcesses;
import io.sluice.spool.SpoolDirectory;
import io.sluice.spool.SpoolRepair;
import io.sluice.spool.SpoolVerification;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sluice repair}: rebuilds a damaged spool keeping every readable record (see {@link
 * SpoolRepair}), in the spirit of Logstash's {@code pqrepair}. A dry run unless {@code --yes}.
 */
@Command(
    name = "repair",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Repair a damaged spool, keeping every readable record (dry run unless --yes).",
    description = {
      "Checks every file of the spool (and of a spool nested in it, such as dead-letters/) with "
          + "plain reads, then, with --yes: rebuilds each damaged cycle file with its readable "
          + "records at their own indexes and a marker for each unreadable one (counted as "
          + "'unreadable' by status, never delivered), and moves a damaged metadata.cq4t aside "
          + "(Chronicle makes a new one; Sluice's counters in it are recovered where readable). "
          + "The damaged originals are kept in quarantine/.",
      "Prints what it did, or would do, and what was lost. Refused (with --yes) while a live "
          + "Sluice process has the spool open: it would keep writing to the old files. A "
          + "writable open (e.g. 'sluice drain') does the same repair by itself.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sluice repair                 # dry run: what is damaged, what a repair keeps",
      "  sluice repair --yes           # act",
      "Result (stdout, --json): {\"spool\":..,\"damaged\":true,\"repaired\":true,",
      "  \"records_kept\":..,\"records_lost\":..,\"actions\":[..]}",
      "Exit codes: 0 whole, or repaired; 1 a dry run found damage, a live process holds the",
      "spool, or the repair failed; 2 usage error or not a spool."
    })
public final class RepairCommand implements Callable<Integer> {
  @ParentCommand CommandEnvironment root;
  @Spec CommandSpec spec;
  @Mixin SpoolOption spoolOption;

  @Option(names = "--yes", description = "Act (default: a dry run that changes nothing).")
  boolean yes;

  @Option(names = "--json", description = "Print one JSON object (snake_case keys) on one line.")
  boolean json;

  @Override
  public Integer call() {
    Path dir = spoolOption.resolve(root.env());
    SpoolDirectory.verification(dir); // one line and exit 2 when it is no spool at all
    if (yes) {
      refuseWhileOpen(dir);
    }
    List<SpoolRepair> repairs = new ArrayList<>();
    for (Path spool : spools(dir)) {
      try {
        repairs.add(yes ? SpoolRepair.apply(spool) : SpoolRepair.plan(spool));
      } catch (RuntimeException e) {
        throw new CommandFailedException(ErrorReporter.oneLine(String.valueOf(e.getMessage())), e);
      }
    }
    boolean damaged = repairs.stream().anyMatch(r -> r.verification().damaged());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      JsonLine.print(out, toJson(dir, repairs, damaged));
    } else {
      print(out, dir, repairs, damaged);
    }
    return damaged && !yes ? ExitCodes.FAILURE : ExitCodes.OK;
  }

  /** The spool and any spool nested in its folder (the dead letters are one). */
  private static List<Path> spools(Path dir) {
    List<Path> spools = new ArrayList<>(List.of(dir));
    try (Stream<Path> children = Files.list(dir)) {
      children.filter(SpoolDirectory::isSpool).sorted().forEach(spools::add);
    } catch (IOException e) {
      throw new CommandFailedException("Cannot list spool folder " + dir + ": " + e, e);
    }
    return spools;
  }

  private static void refuseWhileOpen(Path dir) {
    LiveProcesses live = LiveProcesses.in(dir);
    if (!live.all().isEmpty()) {
      var p = live.all().get(0);
      throw new CommandFailedException(
          "Cannot repair spool "
              + dir
              + " while process "
              + p.pid()
              + " ("
              + p.instance()
              + ") has it open: it would keep writing into the damaged files (expected no live"
              + " Sluice process). Stop it, repair, then start it again (or just restart it: a"
              + " writable open repairs the spool by itself).");
    }
  }

  private Map<String, Object> toJson(Path dir, List<SpoolRepair> repairs, boolean damaged) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("spool", dir.toString());
    m.put("damaged", damaged);
    m.put("repaired", damaged && yes);
    m.put("records_kept", repairs.stream().mapToLong(SpoolRepair::recordsKept).sum());
    m.put("records_lost", repairs.stream().mapToLong(SpoolRepair::recordsLost).sum());
    m.put("loss_count_unknown", repairs.stream().anyMatch(SpoolRepair::lossCountUnknown));
    List<String> actions = new ArrayList<>();
    repairs.forEach(r -> actions.addAll(r.actions()));
    m.put("actions", actions);
    return m;
  }

  private void print(PrintWriter out, Path dir, List<SpoolRepair> repairs, boolean damaged) {
    out.println("repair: spool " + dir + (yes ? "" : " (dry run; add --yes to act)"));
    for (SpoolRepair r : repairs) {
      SpoolVerification v = r.verification();
      if (!v.damaged()) {
        out.println("  " + v.directory() + ": whole (" + v.files().size() + " cycle files)");
      }
      for (String action : r.actions()) {
        out.println("  " + ErrorReporter.oneLine(action));
      }
    }
    long kept = repairs.stream().mapToLong(SpoolRepair::recordsKept).sum();
    long lost = repairs.stream().mapToLong(SpoolRepair::recordsLost).sum();
    boolean unknown = repairs.stream().anyMatch(SpoolRepair::lossCountUnknown);
    if (!damaged) {
      out.println("nothing to repair: " + HumanFormat.count(kept) + " records, all readable");
    } else {
      out.println(
          (yes ? "repaired: " : "a repair would keep ")
              + HumanFormat.count(kept)
              + " readable records; "
              + HumanFormat.count(lost)
              + (unknown ? " or more" : "")
              + " unreadable record(s) "
              + (yes ? "are" : "would be")
              + " counted as lost ('unreadable' in sluice status)");
    }
    out.flush();
  }
}
