package io.sluice.cli.spool;

import io.sluice.cli.common.ErrorReporter;
import io.sluice.cli.common.HumanFormat;
import io.sluice.spool.CycleFileReport;
import io.sluice.spool.SpoolVerification;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints what the spool's structural check found ({@link SpoolVerification}): each damaged file by
 * name, with what could and could not be read, and what to do. Used by {@code verify} when files
 * are damaged (records cannot be decoded until they are repaired) and by {@code repair}.
 */
final class StructureReport {
  static final String WHAT_TO_DO =
      "Run `sluice repair` to see what a repair keeps, then `sluice repair --yes` (or let"
          + " `sluice drain` repair it on open); the damaged originals go to quarantine/.";

  private StructureReport() {}

  static Map<String, Object> toJson(SpoolVerification v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("spool", v.directory().toString());
    m.put("clean", !v.damaged());
    m.put("structure_damaged", v.damaged());
    m.put("metadata_file", v.metadataFile().toString());
    m.put("metadata_problem", v.metadataProblem());
    m.put("records", v.files().stream().mapToLong(CycleFileReport::records).sum());
    m.put("damaged", 0);
    m.put("unreadable", v.files().stream().mapToLong(CycleFileReport::unreadable).sum());
    List<Map<String, Object>> files = new ArrayList<>();
    for (CycleFileReport f : v.files()) {
      Map<String, Object> fm = new LinkedHashMap<>();
      fm.put("file", f.file().getFileName().toString());
      fm.put("cycle", f.cycle());
      fm.put("records", f.records());
      fm.put("first_index", f.firstIndex());
      fm.put("last_index", f.lastIndex());
      fm.put("unreadable", f.unreadable());
      fm.put("unreadable_indexes", f.unreadableIndexes());
      fm.put("count_known", f.countKnown());
      fm.put("problems", f.problems());
      files.add(fm);
    }
    m.put("files", files);
    m.put("what_to_do", v.damaged() ? WHAT_TO_DO : null);
    return m;
  }

  static void printTable(PrintWriter out, SpoolVerification v) {
    out.println("spool " + v.directory());
    if (v.metadataProblem() != null) {
      out.println(
          "DAMAGED "
              + v.metadataFile()
              + ": Chronicle's table store is damaged ("
              + v.metadataProblem()
              + "); nothing can open the spool until it is rebuilt");
    }
    long records = 0;
    long unreadable = 0;
    int damaged = 0;
    for (CycleFileReport f : v.files()) {
      records += f.records();
      unreadable += f.unreadable();
      damaged += f.damaged() ? 1 : 0;
      out.println((f.damaged() ? "DAMAGED " : "ok      ") + ErrorReporter.oneLine(f.describe()));
    }
    if (v.metadataProblem() != null) {
      damaged++;
    }
    out.printf(
        "total: %d %s, %s records, %s unreadable, %d damaged file(s): %s%n",
        v.files().size(),
        v.files().size() == 1 ? "file" : "files",
        HumanFormat.count(records),
        HumanFormat.count(unreadable),
        damaged,
        v.damaged() ? "DAMAGED. " + WHAT_TO_DO : "clean");
    out.flush();
  }
}
