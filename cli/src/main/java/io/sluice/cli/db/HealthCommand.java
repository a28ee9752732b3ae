package io.sluice.cli.db;

import io.sluice.Sluice;
import io.sluice.cli.common.CommandEnvironment;
import io.sluice.cli.common.CommandFailedException;
import io.sluice.cli.common.ConfigurationException;
import io.sluice.cli.common.DatabaseOptions;
import io.sluice.cli.common.ErrorReporter;
import io.sluice.cli.common.ExitCodes;
import io.sluice.cli.common.HumanFormat;
import io.sluice.cli.common.SpoolOption;
import io.sluice.model.HealthStatus;
import io.sluice.model.OperationsConfig;
import io.sluice.model.SluiceException;
import io.sluice.model.SluiceHealth;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
 * {@code sluice health}: the health of a spool and its drainer seen from outside ({@link
 * Sluice#inspectHealth}), with exit code 1 when UNHEALTHY so it can serve as a liveness check.
 */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Check a spool, its drainer and the database; exit 1 when UNHEALTHY.",
    description = {
      "This command does not drain. It reads the spool (read-only), probes PostgreSQL by "
          + "reading the spool's checkpoint, and reads the status file a running Sluice "
          + "rewrites every second in the spool folder (status-<pid>.json).",
      "UNHEALTHY (exit 1): PostgreSQL cannot be read from here; or the live drainer reports "
          + "its circuit breaker OPEN, or HALTED_FATAL or STOPPED.",
      "RECOVERING (exit 0): the live drainer reports RETRYING or breaker HALF_OPEN.",
      "DEGRADED (exit 0): the oldest undrained event waited longer than "
          + "SLUICE_MAX_UNDRAINED_AGE_SECONDS (default 300); or events wait and no live process "
          + "drains the spool.",
      "HEALTHY (exit 0): otherwise. A folder that is not a spool, or a bad setting, exits 2.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sluice health",
      "  sluice health --spool /var/lib/sluice/spool --json | jq -r .status",
      "  sluice health >/dev/null || alert 'sluice unhealthy'",
      "JSON keys (SluiceHealth.toJson): status, reasons, checked_at, pool_size, pool_active,",
      "pool_idle, pool_pending, pool_free, pool_utilization_pct, query_pool, total_queries,",
      "failed_queries, avg_query_time_ms, circuit_state, drain_state, last_error,",
      "last_error_time, recovery_attempts, uptime_seconds, backlog, oldest_undrained_ms,",
      "spool_bytes, dead_letters, dropped. Pools, queries, uptime and recovery come from the",
      "live drainer's status file; null or 0 when no drainer runs."
    })
public final class HealthCommand implements Callable<Integer> {
  @ParentCommand CommandEnvironment root;
  @Spec CommandSpec spec;
  @Mixin SpoolOption spoolOption;
  @Mixin DatabaseOptions databaseOptions;

  @Option(names = "--json", description = "Print one JSON object (snake_case keys) on one line.")
  boolean json;

  @Override
  public Integer call() {
    Map<String, String> env = root.env();
    Path spool = spoolOption.resolve(env);
    OperationsConfig ops;
    try {
      ops = OperationsConfig.fromEnvironment(env).build();
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("Bad setting in the environment: " + e.getMessage(), e);
    }
    if (Files.isRegularFile(spool)) {
      throw new ConfigurationException(
          "Not a spool: "
              + spool
              + " is a file (expected a spool"
              + " folder). Point --spool or SLUICE_SPOOL_DIR at a spool folder.");
    }
    SluiceHealth h;
    try {
      h = Sluice.inspectHealth(spool, databaseOptions.resolve(env), ops, Clock.systemUTC());
    } catch (SluiceException e) {
      if (e.getCause() instanceof io.sluice.spool.DamagedSpoolFileException) {
        throw new CommandFailedException(ErrorReporter.oneLine(e.getMessage()), e); // unhealthy
      }
      throw new ConfigurationException(e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(h.toJson());
      out.flush();
    } else {
      printTable(out, h);
    }
    return h.status() == HealthStatus.UNHEALTHY ? ExitCodes.FAILURE : ExitCodes.OK;
  }

  private static void printTable(PrintWriter out, SluiceHealth h) {
    row(out, "status", h.status().name());
    if (h.reasons().isEmpty()) {
      row(out, "reasons", "none");
    }
    for (String reason : h.reasons()) {
      row(out, "reason", reason);
    }
    row(
        out,
        "drainer",
        "UNKNOWN".equals(h.drainState())
            ? "no live draining process publishes a status here"
            : h.drainState());
    row(out, "circuit breaker", h.breakerState() == null ? "unknown" : h.breakerState().name());
    row(out, "backlog", HumanFormat.count(h.backlog()));
    row(
        out,
        "oldest undrained",
        h.backlog() == 0 ? "none (backlog empty)" : HumanFormat.duration(h.oldestUndrainedAge()));
    row(out, "bytes on disk", HumanFormat.bytes(h.spoolBytes()));
    row(out, "dead letters", HumanFormat.count(h.deadLetters()));
    row(out, "dropped", HumanFormat.count(h.dropped()));
    row(out, "unreadable", HumanFormat.count(h.unreadable()));
    row(out, "last error", h.lastError() == null ? "none" : ErrorReporter.oneLine(h.lastError()));
    if (h.lastErrorAt() != null) {
      row(out, "last error at", h.lastErrorAt().toString());
    }
    row(out, "writer pool", pool(h.writerPool()));
    row(out, "query pool", pool(h.queryPool()));
    row(
        out,
        "queries",
        String.format(
            Locale.ROOT,
            "%s total, %s failed, %.1f ms average",
            HumanFormat.count(h.totalQueries()),
            HumanFormat.count(h.failedQueries()),
            h.averageQueryTime().toNanos() / 1e6));
    row(out, "recovery attempts", HumanFormat.count(h.recoveryAttempts()));
    row(out, "uptime", h.uptime().isZero() ? "unknown" : HumanFormat.duration(h.uptime()));
    out.flush();
  }

  private static String pool(SluiceHealth.PoolUsage p) {
    return p == null
        ? "none"
        : String.format(
            Locale.ROOT,
            "%d of %d in use (%.0f%%), %d free, %d waiting",
            p.active(),
            p.maxSize(),
            p.utilizationPercent(),
            p.free(),
            p.pending());
  }

  private static void row(PrintWriter out, String label, String value) {
    out.printf("%-17s %s%n", label, value);
  }
}
