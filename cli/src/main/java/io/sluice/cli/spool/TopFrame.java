package io.sluice.cli.spool;

import io.sluice.cli.common.ErrorReporter;
import io.sluice.cli.common.HumanFormat;
import io.sluice.inspect.LiveProcess;
import io.sluice.model.SluiceHealth;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One screen of {@code sluice top}, rendered from what the live processes on a spool publish
 * ({@link LiveProcess}): spool-wide lines first (rates, backlog, breaker, dead letters, budget),
 * then one row per process. A pure function of its inputs.
 */
final class TopFrame {
  private TopFrame() {}

  static String render(
      Path spool,
      List<LiveProcess> live,
      RateHistory appends,
      RateHistory commits,
      Instant now,
      boolean unicode) {
    StringBuilder b = new StringBuilder();
    b.append("sluice top  ")
        .append(spool)
        .append("  ")
        .append(now.truncatedTo(ChronoUnit.SECONDS))
        .append('\n');
    if (live.isEmpty()) {
      return b.append("no live Sluice process on this spool (none publishes a status file here);")
          .append(" `sluice status` shows what is on disk\n")
          .toString();
    }
    LiveProcess owner = owner(live);
    Optional<SluiceHealth> h = Optional.ofNullable(owner.health());
    line(
        b,
        "append",
        rate(appends)
            + "  "
            + appends.sparkline(unicode)
            + "  ("
            + HumanFormat.count(max(live, LiveProcess::appended))
            + " ever)");
    line(
        b,
        "commit",
        rate(commits)
            + "  "
            + commits.sparkline(unicode)
            + "  ("
            + HumanFormat.count(max(live, LiveProcess::committed))
            + " ever)");
    Duration age = h.map(SluiceHealth::oldestUndrainedAge).orElse(null);
    line(
        b,
        "backlog",
        HumanFormat.count(owner.backlog())
            + " events, oldest "
            + (owner.backlog() == 0 ? "none" : HumanFormat.duration(age)));
    line(
        b,
        "state",
        "health "
            + h.map(x -> x.status().name()).orElse("unknown")
            + ", drain "
            + owner.drainState()
            + ", breaker "
            + (owner.breakerState() == null ? "none" : owner.breakerState()));
    line(
        b,
        "set aside",
        HumanFormat.count(h.map(SluiceHealth::deadLetters).orElse(-1L))
            + " dead letters, "
            + HumanFormat.count(h.map(SluiceHealth::dropped).orElse(-1L))
            + " dropped");
    long used = max(live, LiveProcess::usedBytes);
    long budget = owner.maxSpoolBytes();
    line(
        b,
        "budget",
        HumanFormat.bytes(used)
            + " of "
            + HumanFormat.bytes(budget)
            + (budget > 0 ? String.format(Locale.ROOT, " (%.1f%%)", 100.0 * used / budget) : ""));
    if (owner.lastError() != null) {
      line(b, "last error", ErrorReporter.oneLine(owner.lastError()));
    }
    b.append('\n');
    b.append(
        String.format(
            Locale.ROOT,
            "%-8s %-14s %-12s %-9s %-10s %-7s %-15s %s%n",
            "PID",
            "INSTANCE",
            "DRAIN",
            "BREAKER",
            "HEALTH",
            "POOL",
            "QUERIES",
            "UPTIME"));
    for (LiveProcess p : live) {
      SluiceHealth ph = p.health();
      b.append(
          String.format(
              Locale.ROOT,
              "%-8d %-14s %-12s %-9s %-10s %-7s %-15s %s%n",
              p.pid(),
              p.instance(),
              p.drainState(),
              p.breakerState() == null ? "-" : p.breakerState(),
              ph == null ? "?" : ph.status().name(),
              ph == null || ph.writerPool() == null
                  ? "-"
                  : ph.writerPool().active() + "/" + ph.writerPool().maxSize(),
              ph == null ? "?" : ph.totalQueries() + "/" + ph.failedQueries() + " failed",
              ph == null ? "?" : HumanFormat.duration(ph.uptime())));
    }
    return b.toString();
  }

  /** The process that speaks for the spool: the one draining it, else any. */
  static LiveProcess owner(List<LiveProcess> live) {
    return live.stream()
        .filter(LiveProcess::drains)
        .max(
            Comparator.comparing((LiveProcess p) -> !"STANDBY".equals(p.drainState()))
                .thenComparing(LiveProcess::updatedAt))
        .orElse(live.get(0));
  }

  /** The highest of a spool-wide count as the processes report it (-1 when none knows). */
  static long max(List<LiveProcess> live, java.util.function.ToLongFunction<LiveProcess> f) {
    return live.stream().mapToLong(f).max().orElse(-1);
  }

  private static String rate(RateHistory h) {
    double r = h.rate();
    return r < 0 ? "      -/s" : String.format(Locale.ROOT, "%,7.0f/s", r);
  }

  private static void line(StringBuilder b, String label, String value) {
    b.append(String.format(Locale.ROOT, "%-10s %s%n", label, value));
  }
}
