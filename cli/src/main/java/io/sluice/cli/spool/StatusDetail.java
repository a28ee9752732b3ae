package io.sluice.cli.spool;

import io.sluice.cli.common.ErrorReporter;
import io.sluice.cli.common.HumanFormat;
import io.sluice.inspect.DeadLetters;
import io.sluice.inspect.LiveProcess;
import io.sluice.inspect.LiveProcesses;
import io.sluice.model.SluiceStatus;
import io.sluice.spool.Spool;
import io.sluice.spool.SpoolCycle;
import io.sluice.spool.SpoolDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code sluice status} shows beyond {@link SluiceStatus}: each cycle file against the
 * checkpoint, the live processes and their drain and breaker state, the byte budget, and the dead
 * letters on disk. Read once; not thread-safe.
 */
final class StatusDetail {
  private final List<CycleStatus> cycles;
  private final LiveProcesses live;
  private final long deadLetterRecords;
  private final long committedIndex;
  private final String committedFrom;

  private StatusDetail(
      List<CycleStatus> cycles,
      LiveProcesses live,
      long deadLetterRecords,
      long committedIndex,
      String committedFrom) {
    this.cycles = cycles;
    this.live = live;
    this.deadLetterRecords = deadLetterRecords;
    this.committedIndex = committedIndex;
    this.committedFrom = committedFrom;
  }

  /**
   * The checkpoint comes from PostgreSQL ({@code s}); when that cannot be read, from a live
   * drainer's published status; else each file's state is unknown.
   */
  static StatusDetail read(Path dir, SluiceStatus s) {
    LiveProcesses live = LiveProcesses.in(dir);
    long committedIndex = -1;
    String from = null;
    Optional<LiveProcess> drainer = live.drainer();
    if (s.committed() >= 0) {
      committedIndex = s.committedIndex();
      from = "checkpoint";
    } else if (drainer.isPresent() && drainer.get().committed() >= 0) {
      committedIndex = drainer.get().committedIndex();
      from = "live drainer";
    }
    List<SpoolCycle> files;
    try (Spool spool = SpoolDirectory.openReadOnly(dir)) {
      files = spool.cycles();
    }
    return new StatusDetail(
        CycleStatus.of(files, committedIndex, from != null),
        live,
        DeadLetters.count(dir),
        committedIndex,
        from);
  }

  void addJson(Map<String, Object> m, SluiceStatus s) {
    Optional<LiveProcess> drainer = live.drainer();
    m.put("dropped", s.dropped());
    m.put("committed_index_source", committedFrom);
    m.put("drain_state", drainer.map(LiveProcess::drainState).orElse(state()));
    m.put("breaker_state", drainer.map(LiveProcess::breakerState).orElse(null));
    m.put("drainer_last_error", drainer.map(LiveProcess::lastError).orElse(null));
    long budget = live.maxSpoolBytes();
    m.put("max_spool_bytes", budget < 0 ? null : budget);
    m.put("budget_used_percent", budget <= 0 ? null : percent(s.usedBytes(), budget));
    m.put("dead_letter_records", deadLetterRecords);
    m.put("cycle_files", cycles.size());
    List<Map<String, Object>> files = new ArrayList<>();
    cycles.forEach(c -> files.add(c.toJson()));
    m.put("cycles", files);
    List<Map<String, Object>> processes = new ArrayList<>();
    live.all().forEach(p -> processes.add(p.fields()));
    m.put("live_processes", processes);
  }

  /** UNKNOWN with no live process; DISABLED when only processes that do not drain run. */
  private String state() {
    return live.all().isEmpty() ? "UNKNOWN" : live.all().get(0).drainState();
  }

  void printTable(PrintWriter out, SluiceStatus s) {
    row(out, "drain state", drainState());
    long budget = live.maxSpoolBytes();
    row(
        out,
        "budget",
        budget <= 0
            ? HumanFormat.bytes(s.usedBytes())
                + " used; budget unknown (only a live Sluice process publishes it)"
            : HumanFormat.bytes(s.usedBytes())
                + " of "
                + HumanFormat.bytes(budget)
                + String.format(Locale.ROOT, " (%.2f%%)", percent(s.usedBytes(), budget)));
    row(
        out,
        "dead letters",
        deadLetterRecords < 0
            ? "unreadable (see 'sluice dlq list')"
            : HumanFormat.count(deadLetterRecords)
                + " on disk"
                + (deadLetterRecords > 0 ? " (see 'sluice dlq list')" : ""));
    out.println();
    out.printf(
        Locale.ROOT,
        "%-18s %16s %16s %12s %10s  %s%n",
        "CYCLE FILE",
        "FIRST INDEX",
        "LAST INDEX",
        "RECORDS",
        "BYTES",
        "COMMITTED" + (committedFrom == null ? "" : " (per " + committedFrom + ")"));
    long records = 0;
    long bytes = 0;
    for (CycleStatus c : cycles) {
      SpoolCycle f = c.cycle();
      records += f.records();
      bytes += f.bytes();
      out.printf(
          Locale.ROOT,
          "%-18s %16s %16s %12s %10s  %s%n",
          f.file().getFileName(),
          f.records() == 0 ? "-" : Long.toString(f.firstIndex()),
          f.records() == 0 ? "-" : Long.toString(f.lastIndex()),
          HumanFormat.count(f.records()),
          HumanFormat.bytes(f.bytes()),
          c.committedText());
    }
    out.printf(
        Locale.ROOT,
        "%-18s %16s %16s %12s %10s%n",
        "total: " + cycles.size() + (cycles.size() == 1 ? " file" : " files"),
        "",
        "",
        HumanFormat.count(records),
        HumanFormat.bytes(bytes));
    out.flush();
  }

  private String drainState() {
    if (live.all().isEmpty()) {
      return "unknown (no live Sluice process publishes its status in this folder)";
    }
    List<String> parts = new ArrayList<>();
    for (LiveProcess p : live.all()) {
      String breaker = p.breakerState() == null ? "" : ", breaker " + p.breakerState();
      String error =
          p.lastError() == null ? "" : ", last error: " + ErrorReporter.oneLine(p.lastError());
      parts.add(
          p.drainState()
              + breaker
              + " (pid "
              + p.pid()
              + ", updated "
              + age(p.updatedAt())
              + " ago"
              + error
              + ")");
    }
    return String.join("; ", parts);
  }

  private static String age(Instant t) {
    Duration d = Duration.between(t, Instant.now());
    return HumanFormat.duration(d.isNegative() ? Duration.ZERO : d);
  }

  /** Percent with three decimals: a small spool under a large budget is not shown as 0. */
  private static double percent(long used, long budget) {
    return Math.round(100_000.0 * used / budget) / 1000.0;
  }

  static void row(PrintWriter out, String label, String value) {
    out.printf("%-16s %s%n", label, value);
  }
}
