package io.sluice.cli.db;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.cli.common.ConfigurationException;
import io.sluice.cli.common.DatabaseOptions;
import io.sluice.cli.common.EventJson;
import io.sluice.cli.common.ExitCodes;
import io.sluice.cli.common.JsonLine;
import io.sluice.cli.common.TextTable;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.Event;
import io.sluice.model.EventKind;
import io.sluice.model.OperationsConfig;
import io.sluice.model.SpooledEvent;
import io.sluice.query.MetricBucket;
import io.sluice.query.Page;
import io.sluice.query.SluiceQueries;
import io.sluice.query.StoredEvent;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every {@code sluice query} kind does once its query is built: open a one-connection {@link
 * SluiceQueries} pool, run one page, print it (a table, or JSON lines with {@code --json}) and tell
 * where the next page starts.
 *
 * <p>stdout holds only the results; the summary and the next cursor go to stderr, so that {@code
 * sluice query traces --json | jq ...} reads events only.
 */
final class QuerySession {
  private static final String[][] OPTION_NAMES = {
    {"minConfidence", "--min-confidence"},
    {"limit", "--limit"},
    {"level", "--level"},
    {"cursor", "--cursor"},
    {"bucket", "--buckets"},
  };

  private final CommandSpec spec;
  private final QueryOptions options;

  QuerySession(CommandSpec spec, QueryOptions options) {
    this.spec = spec;
    this.options = options;
  }

  /**
   * Builds a query, turning a refused argument (from after to, a bad level, a foreign cursor) into
   * a usage error (exit 2).
   */
  static <Q> Q build(Supplier<Q> builder) {
    try {
      return builder.get();
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("Bad query: " + optionNames(e.getMessage()), e);
    }
  }

  /** The builders name their arguments ({@code minConfidence is 2.0}); the user typed options. */
  static String optionNames(String message) {
    String m = String.valueOf(message);
    for (String[] pair : OPTION_NAMES) {
      if (m.startsWith(pair[0] + " ")) {
        return pair[1] + m.substring(pair[0].length());
      }
    }
    return m;
  }

  /** A one-connection query pool with the statement timeout of env SLUICE_QUERY_TIMEOUT_MS. */
  static SluiceQueries open(Map<String, String> env, DatabaseOptions databaseOptions) {
    DatabaseConfig db = databaseOptions.resolve(env);
    OperationsConfig ops;
    try {
      ops = OperationsConfig.fromEnvironment(env).build();
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("Bad setting in the environment: " + e.getMessage(), e);
    }
    return SluiceQueries.builder(db)
        .instanceName("sluice-cli")
        .maxConnections(1)
        .statementTimeout(ops.queryTimeout())
        .open();
  }

  /** Runs one page and prints it. */
  <E extends Event> int page(
      Map<String, String> env,
      DatabaseOptions db,
      EventKind kind,
      Function<SluiceQueries, Page<StoredEvent<E>>> query) {
    Page<StoredEvent<E>> page;
    try (SluiceQueries queries = open(env, db)) {
      page = query.apply(queries);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (options.json) {
      for (StoredEvent<E> e : page.items()) {
        out.println(EventJson.line(json(e)));
      }
      out.flush();
    } else if (!page.items().isEmpty()) {
      TextTable table = EventTable.of(kind);
      page.items().forEach(e -> table.add(EventTable.row(e)));
      table.print(out);
    }
    cursor(kind, page);
    return ExitCodes.OK;
  }

  /** Prints metric buckets, oldest first. */
  int buckets(
      Map<String, String> env,
      DatabaseOptions db,
      Function<SluiceQueries, List<MetricBucket>> query) {
    List<MetricBucket> buckets;
    try (SluiceQueries queries = open(env, db)) {
      buckets = query.apply(queries);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (options.json) {
      for (MetricBucket b : buckets) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bucket_start", EventJson.time(b.start()));
        m.put("count", b.count());
        m.put("avg", b.avg());
        m.put("p50", b.p50());
        m.put("p95", b.p95());
        m.put("max", b.max());
        JsonLine.print(out, m);
      }
    } else if (!buckets.isEmpty()) {
      TextTable table = EventTable.buckets();
      buckets.forEach(b -> table.add(EventTable.row(b)));
      table.print(out);
    }
    if (!options.json) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(buckets.size() + " bucket(s) with values (empty buckets are left out).");
      err.flush();
    }
    return ExitCodes.OK;
  }

  /** The event with {@code index} left out and {@code recorded_at} as PostgreSQL holds it. */
  static ObjectNode json(StoredEvent<?> stored) {
    ObjectNode o = EventJson.of(-1, new SpooledEvent(stored.id(), stored.event()));
    o.remove("index");
    o.put("recorded_at", EventJson.time(stored.recordedAt()));
    return o;
  }

  private void cursor(EventKind kind, Page<?> page) {
    PrintWriter err = spec.commandLine().getErr();
    if (options.json) {
      if (page.hasMore()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("next_cursor", page.nextCursor());
        JsonLine.print(err, m);
      }
      return;
    }
    int n = page.items().size();
    String what = n + " " + kind.displayName() + (n == 1 ? "" : "s");
    err.println(
        page.hasMore()
            ? what + " shown, newest first; older ones: repeat with --cursor " + page.nextCursor()
            : (n == 0
                ? "No " + kind.displayName() + "s match."
                : what + ", newest first; no more."));
    err.flush();
  }
}
