package io.sluice.cli.spool;

import io.sluice.cli.common.CommandEnvironment;
import io.sluice.cli.common.ErrorReporter;
import io.sluice.cli.common.ExitCodes;
import io.sluice.cli.common.HumanFormat;
import io.sluice.cli.common.JsonLine;
import io.sluice.cli.common.Progress;
import io.sluice.cli.common.ProgressOption;
import io.sluice.cli.common.SpoolOption;
import io.sluice.inspect.SpoolVerifier;
import io.sluice.spool.Spool;
import io.sluice.spool.SpoolCycle;
import io.sluice.spool.SpoolDirectory;
import io.sluice.spool.SpoolVerification;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sluice verify}: reads and decodes every record of every cycle file and reports damage per
 * file (see {@link SpoolVerifier}). Read-only.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Check every record of the spool: readable, checksum correct, decodable.",
    description = {
      "Reads every record of every cycle file (.cq4) and decodes it, which checks its CRC-32C. "
          + "Reports per file: records read, first and last index, each damaged record with its "
          + "index, byte offset in the file and why it does not decode, and records the file's "
          + "index counts but the reader could not reach (unreadable: a write that never "
          + "completed, a file cut short).",
      "Read-only, safe on a live spool (records appended after the start are left for the next "
          + "run). The drainer sets damaged records aside as dead letters (or stops at them in "
          + "strict mode); 'sluice dump' exports their bytes.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sluice verify",
      "  sluice verify --spool /var/lib/sluice/spool --json | jq '.files[].damaged'",
      "JSON: {\"spool\":..,\"clean\":false,\"records\":..,\"damaged\":1,\"unreadable\":0,",
      "  \"files\":[{\"file\":..,\"cycle\":..,\"records\":..,\"first_index\":..,\"last_index\":..,",
      "  \"unreadable\":0,\"damaged\":[{\"index\":..,\"offset\":..,\"error\":..}]}]}",
      "Exit codes: 0 every record is sound; 1 damaged or unreadable records; 2 usage error or",
      "not a spool."
    })
public final class VerifyCommand implements Callable<Integer> {
  @ParentCommand CommandEnvironment root;
  @Spec CommandSpec spec;
  @Mixin SpoolOption spoolOption;
  @Mixin ProgressOption progressOption;

  @Option(names = "--json", description = "Print one JSON object (snake_case keys) on one line.")
  boolean json;

  @Override
  public Integer call() {
    Path dir = spoolOption.resolve(root.env());
    // First the files' structure, with plain reads: a damaged file is reported by name and never
    // handed to Chronicle (which can hang on it, or crash the JVM).
    SpoolVerification structure = SpoolDirectory.verification(dir);
    if (structure.damaged()) {
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        JsonLine.print(out, StructureReport.toJson(structure));
      } else {
        StructureReport.printTable(out, structure);
      }
      return ExitCodes.FAILURE;
    }
    List<SpoolVerifier.FileReport> files;
    try (Spool spool = SpoolDirectory.openReadOnly(dir)) {
      List<SpoolCycle> cycles = spool.cycles();
      long total = cycles.stream().mapToLong(SpoolCycle::records).sum();
      try (Progress progress = progressOption.start("verify", total, spec.commandLine().getErr())) {
        files = SpoolVerifier.verify(spool, cycles, progress::stepTo);
      }
    }
    boolean clean = files.stream().allMatch(SpoolVerifier.FileReport::clean);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      JsonLine.print(out, toJson(dir, files, clean));
    } else {
      printTable(out, dir, files, clean);
    }
    return clean ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  private static Map<String, Object> toJson(
      Path dir, List<SpoolVerifier.FileReport> files, boolean clean) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("spool", dir.toString());
    m.put("clean", clean);
    m.put("records", files.stream().mapToLong(f -> f.records()).sum());
    m.put("damaged", files.stream().mapToLong(f -> f.damaged().size()).sum());
    m.put("unreadable", files.stream().mapToLong(SpoolVerifier.FileReport::unreadable).sum());
    m.put("lost_earlier", files.stream().mapToLong(f -> f.lost()).sum());
    List<Map<String, Object>> list = new ArrayList<>();
    for (SpoolVerifier.FileReport f : files) {
      Map<String, Object> fm = new LinkedHashMap<>();
      fm.put("file", f.cycle().file().getFileName().toString());
      fm.put("cycle", f.cycle().cycle());
      fm.put("records", f.records());
      fm.put("first_index", f.firstIndex());
      fm.put("last_index", f.lastIndex());
      fm.put("unreadable", f.unreadable());
      fm.put("lost_earlier", f.lost());
      List<Map<String, Object>> damaged = new ArrayList<>();
      for (SpoolVerifier.Damage d : f.damaged()) {
        Map<String, Object> dm = new LinkedHashMap<>();
        dm.put("index", d.index());
        dm.put("offset", d.offset());
        dm.put("error", d.error());
        damaged.add(dm);
      }
      fm.put("damaged", damaged);
      list.add(fm);
    }
    m.put("files", list);
    return m;
  }

  private static void printTable(
      PrintWriter out, Path dir, List<SpoolVerifier.FileReport> files, boolean clean) {
    out.println("spool " + dir);
    String format = "%-18s %12s %16s %16s %8s %10s  %s%n";
    out.printf(
        Locale.ROOT,
        format,
        "CYCLE FILE",
        "RECORDS",
        "FIRST INDEX",
        "LAST INDEX",
        "DAMAGED",
        "UNREADABLE",
        "RESULT");
    long records = 0;
    long damaged = 0;
    long unreadable = 0;
    for (SpoolVerifier.FileReport f : files) {
      records += f.records();
      damaged += f.damaged().size();
      unreadable += f.unreadable();
      out.printf(
          Locale.ROOT,
          format,
          f.cycle().file().getFileName(),
          HumanFormat.count(f.records()),
          f.firstIndex() < 0 ? "-" : Long.toString(f.firstIndex()),
          f.lastIndex() < 0 ? "-" : Long.toString(f.lastIndex()),
          HumanFormat.count(f.damaged().size()),
          HumanFormat.count(f.unreadable()),
          f.clean() ? "ok" : "DAMAGED");
      for (SpoolVerifier.Damage d : f.damaged()) {
        out.printf(
            Locale.ROOT,
            "  damaged: index %d at byte offset %d (0x%x): %s%n",
            d.index(),
            d.offset(),
            d.offset(),
            ErrorReporter.oneLine(d.error()));
      }
      if (f.lost() > 0) {
        out.printf(
            Locale.ROOT,
            "  lost earlier: %s record(s) a repair could not read (counted as unreadable, see"
                + " unreadable-records.txt)%n",
            HumanFormat.count(f.lost()));
      }
      if (f.unreadable() > 0) {
        out.printf(
            Locale.ROOT,
            "  unreadable: %s record(s) after index %s could not be read%n",
            HumanFormat.count(f.unreadable()),
            f.lastIndex() < 0 ? "(start of file)" : Long.toString(f.lastIndex()));
      }
    }
    out.printf(
        Locale.ROOT,
        "total: %d %s, %s records, %s damaged, %s unreadable: %s%n",
        files.size(),
        files.size() == 1 ? "file" : "files",
        HumanFormat.count(records),
        HumanFormat.count(damaged),
        HumanFormat.count(unreadable),
        clean ? "clean" : "DAMAGED");
    out.flush();
  }
}
