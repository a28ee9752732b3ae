package io.sluice.bench;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.sluice.BulkLoad;
import io.sluice.model.Event;
import io.sluice.model.EventKind;
import io.sluice.model.SpooledEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What each index and the JSONB column cost PostgreSQL on ingest: the trace rows of the realistic
 * mix ({@link Workload#realistic}, 45 % of it and the largest rows) loaded by binary COPY into
 * variants of {@code trace_events}, each a plain (unpartitioned) table made fresh, in batches of
 * the drainer's 10,000 rows, one transaction each, {@code synchronous_commit=on}. Not JMH: one
 * timed load per variant and round, rounds interleaved so a busy moment hits every variant.
 *
 * <p>The {@code text} variant receives the same bytes as jsonb (its version byte 1 then the JSON),
 * so it measures the column type, not a different row.
 *
 * <pre>
 * java $(cat bench/target/classes/io/sluice/bench/jvm.args) -cp bench/target/benchmarks.jar \
 *     io.sluice.bench.IngestCost [rows, default 500000] [rounds, default 2]
 * </pre>
 */
public final class IngestCost {
  private static final String COLUMNS =
      "id uuid NOT NULL, recorded_at timestamptz NOT NULL, occurred_at timestamptz NOT NULL,"
          + " trace_id text NOT NULL, event_type text NOT NULL, level text NOT NULL,"
          + " message text NOT NULL, agent_name text, task_id text, metadata ";
  private static final String PK = "ALTER TABLE t ADD PRIMARY KEY (id, recorded_at)";
  private static final String TRACE_ID = "CREATE INDEX ON t (trace_id)";
  private static final String AGENT_TIME = "CREATE INDEX ON t (agent_name, recorded_at DESC)";
  private static final String BRIN_TIME = "CREATE INDEX ON t USING brin (recorded_at)";

  private IngestCost() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Map<String, List<String>> variants = new LinkedHashMap<>();
    variants.put("heap only, metadata jsonb", List.of());
    variants.put("heap only, metadata text", List.of());
    variants.put("+ primary key (id, recorded_at)", List.of(PK));
    variants.put("+ trace_id index", List.of(TRACE_ID));
    variants.put("+ (agent_name, recorded_at) index", List.of(AGENT_TIME));
    variants.put("+ BRIN (recorded_at)", List.of(BRIN_TIME));
    variants.put("primary key + both indexes (today's table)", List.of(PK, TRACE_ID, AGENT_TIME));
    variants.put("today's table, metadata text", List.of(PK, TRACE_ID, AGENT_TIME));

    List<SpooledEvent> traces = traceRows(rows);
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    try (BenchDatabase db = BenchDatabase.create()) {
      System.out.println("PostgreSQL " + db.serverVersion() + "; " + rows + " trace rows");
      for (int round = 0; round < rounds; round++) {
        for (Map.Entry<String, List<String>> v : variants.entrySet()) {
          String type = v.getKey().contains("text") ? "text" : "jsonb";
          double rate = load(db, type, v.getValue(), traces);
          rates.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(rate);
          System.out.printf(
              Locale.ROOT,
              "round %d  %-45s %,10.0f rows/s  (load %s)%n",
              round + 1,
              v.getKey(),
              rate,
              loadAverage());
        }
      }
    }
    System.out.println();
    System.out.println("| table shape | COPY rows/s (rounds) | vs heap only, jsonb |");
    System.out.println("|---|---|---|");
    double base = mean(rates.values().iterator().next());
    for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
      StringBuilder each = new StringBuilder();
      for (double r : e.getValue()) {
        each.append(each.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%,.0f", r));
      }
      System.out.printf(
          Locale.ROOT,
          "| %s | **%,.0f** (%s) | %.2f |%n",
          e.getKey(),
          mean(e.getValue()),
          each,
          mean(e.getValue()) / base);
    }
  }

  private static double load(
      BenchDatabase db, String type, List<String> ddl, List<SpooledEvent> rows)
      throws SQLException {
    try (Connection c = db.connect()) {
      try (Statement st = c.createStatement()) {
        st.execute("DROP TABLE IF EXISTS t");
        st.execute("CREATE TABLE t (" + COLUMNS + type + ")");
        for (String sql : ddl) {
          st.execute(sql);
        }
        st.execute("CHECKPOINT");
      }
      c.setAutoCommit(false);
      BulkLoad bulk = new BulkLoad();
      long start = System.nanoTime();
      for (int from = 0; from < rows.size(); from += DrainBenchmark.BATCH_EVENTS) {
        List<SpooledEvent> batch =
            rows.subList(from, Math.min(rows.size(), from + DrainBenchmark.BATCH_EVENTS));
        bulk.copy(c, "t", EventKind.TRACE, batch);
        c.commit();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      c.setAutoCommit(true);
      try (Statement st = c.createStatement()) {
        st.execute("DROP TABLE t");
      }
      return rows.size() / seconds;
    }
  }

  /** The trace events of the realistic mix, {@code count} of them, with UUIDv7 ids. */
  private static List<SpooledEvent> traceRows(int count) {
    TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();
    Instant now = Instant.now();
    List<SpooledEvent> rows = new ArrayList<>(count);
    for (int i = 0; rows.size() < count; i++) {
      Event e = Workload.realistic(i, now);
      if (e instanceof io.sluice.model.TraceEvent) {
        rows.add(new SpooledEvent(ids.generate(), e));
      }
    }
    return rows;
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }

  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException e) {
      return "?";
    }
  }
}
