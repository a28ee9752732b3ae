package io.sluice.bench;

import io.sluice.model.AgentTransformation;
import io.sluice.model.RoutingDecision;
import io.sluice.model.TraceEvent;
import io.sluice.query.MetricAggregateQuery;
import io.sluice.query.MetricBucket;
import io.sluice.query.Page;
import io.sluice.query.RoutingQuery;
import io.sluice.query.SluiceQueries;
import io.sluice.query.StoredEvent;
import io.sluice.query.TraceQuery;
import io.sluice.query.TransformationQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of each query shape of the public query API ({@link SluiceQueries}, with its own pool,
 * one client thread) on 10 million trace events and 5 million routing decisions over 10 day
 * partitions, plus 1 million each of metrics and transformations ({@link QueryDataSet}, loaded once
 * and kept). JMH {@code SampleTime}: the p50 and p99 of single calls, each with random parameters
 * (trace id among 1,000,000; agent among 20; range start anywhere in the data), one page of the
 * default 100 results. Target (issue 4): p99 &le; 10 ms per shape.
 *
 * <pre>
 * shape                               query
 * traceById                           trace_id = random trace (10 events), no time range
 * tracesByAgentLastHour               agent + 1 h range
 * tracesByAgentSevenDays              agent + 7 day range
 * routingByAgentConfidence50Day       selected_agent + min_confidence 0.5 + 24 h
 * routingByAgentConfidence99Day       selected_agent + min_confidence 0.99 + 24 h
 * transformationsBySourceDay          source_agent + 24 h
 * metricBucketsDay                    one metric over 24 h (from a whole 5 minutes, as dashboards
 *                                     align) in 5 min buckets (288 x count, avg, p50, p95, max of
 *                                     ~10,000 values), merged from the 5-minute rollups (288 rows)
 * metricBucketsDayComponent           the same for one component of the metric (~2,000 values)
 * metricBucketsDayAnyMinute           the same as metricBucketsDay from any whole minute: from the
 *                                     per-minute rollups (1,440 rows; the query before V10)
 * metricBucketsDayRows                the same as metricBucketsDay from 1 ms past a minute: from
 *                                     the rows, exact (the query before the rollups)
 * </pre>
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.sluice.bench.QueryDataSet    # load once (minutes)
 * java -jar bench/target/benchmarks.jar QueryBenchmark -rf json -rff target/query.json
 * java -jar bench/target/benchmarks.jar QueryBenchmark -p traceEvents=100000 \
 *     -p routingDecisions=50000 -wi 1 -i 1                            # a quick try-out
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class QueryBenchmark {
  static final long TRACES = 10_000_000;
  static final long ROUTING = 5_000_000;
  private static final int AGENTS = 20;

  @Param({"10000000"})
  public long traceEvents;

  @Param({"5000000"})
  public long routingDecisions;

  private QueryDataSet data;
  private SluiceQueries queries;
  private final SplittableRandom random = new SplittableRandom(42);

  @Setup(Level.Trial)
  public void open() throws Exception {
    data = QueryDataSet.open(traceEvents, routingDecisions);
    queries = SluiceQueries.open(data.config());
    checkEveryShapeFindsRows();
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    queries.close();
    data.close();
  }

  private String agent() {
    return String.format(Locale.ROOT, "agent-%02d", random.nextInt(AGENTS));
  }

  /** A random start such that {@code [start, start + span)} lies inside the data. */
  private Instant start(Duration span) {
    long room = Duration.between(data.first(), data.end()).minus(span).toMillis();
    return data.first().plusMillis(random.nextLong(room));
  }

  @Benchmark
  public Page<StoredEvent<TraceEvent>> traceById() {
    String id = String.format(Locale.ROOT, "trace-%07d", random.nextLong(traceEvents / 10));
    return queries.traces(TraceQuery.builder().traceId(id).build());
  }

  @Benchmark
  public Page<StoredEvent<TraceEvent>> tracesByAgentLastHour() {
    return traces(Duration.ofHours(1));
  }

  @Benchmark
  public Page<StoredEvent<TraceEvent>> tracesByAgentSevenDays() {
    return traces(Duration.ofDays(7));
  }

  private Page<StoredEvent<TraceEvent>> traces(Duration span) {
    Instant from = start(span);
    return queries.traces(
        TraceQuery.builder().agentName(agent()).from(from).to(from.plus(span)).build());
  }

  @Benchmark
  public Page<StoredEvent<RoutingDecision>> routingByAgentConfidence50Day() {
    return routing(0.5);
  }

  @Benchmark
  public Page<StoredEvent<RoutingDecision>> routingByAgentConfidence99Day() {
    return routing(0.99);
  }

  private Page<StoredEvent<RoutingDecision>> routing(double minConfidence) {
    Instant from = start(Duration.ofDays(1));
    return queries.routing(
        RoutingQuery.builder()
            .selectedAgent(agent())
            .minConfidence(minConfidence)
            .from(from)
            .to(from.plus(Duration.ofDays(1)))
            .build());
  }

  @Benchmark
  public Page<StoredEvent<AgentTransformation>> transformationsBySourceDay() {
    Instant from = start(Duration.ofDays(1));
    return queries.transformations(
        TransformationQuery.builder()
            .sourceAgent(agent())
            .from(from)
            .to(from.plus(Duration.ofDays(1)))
            .build());
  }

  /** From the 5-minute rollups: the range starts on a whole 5 minutes. */
  @Benchmark
  public List<MetricBucket> metricBucketsDay() {
    return metricBucketsDayFrom(wholeFiveMinutes(start(Duration.ofDays(1))));
  }

  /** From the per-minute rollups: the range starts on any whole minute. */
  @Benchmark
  public List<MetricBucket> metricBucketsDayAnyMinute() {
    return metricBucketsDayFrom(start(Duration.ofDays(1)).truncatedTo(ChronoUnit.MINUTES));
  }

  private static Instant wholeFiveMinutes(Instant t) {
    return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), 300) * 300);
  }

  private List<MetricBucket> metricBucketsDayFrom(Instant from) {
    return queries.metricBuckets(
        MetricAggregateQuery.builder()
            .metricName("metric-" + random.nextInt(10))
            .from(from)
            .to(from.plus(Duration.ofDays(1)))
            .bucket(Duration.ofMinutes(5))
            .build());
  }

  /** The same with a component filter (its own rollup rows). */
  @Benchmark
  public List<MetricBucket> metricBucketsDayComponent() {
    Instant from = wholeFiveMinutes(start(Duration.ofDays(1)));
    return queries.metricBuckets(
        MetricAggregateQuery.builder()
            .metricName("metric-" + random.nextInt(10))
            .component("component-" + random.nextInt(5))
            .from(from)
            .to(from.plus(Duration.ofDays(1)))
            .bucket(Duration.ofMinutes(5))
            .build());
  }

  /**
   * From the rows, exactly (the query before the rollups): the range starts inside a minute, so the
   * rollups cannot answer it.
   */
  @Benchmark
  public List<MetricBucket> metricBucketsDayRows() {
    Instant from = start(Duration.ofDays(1)).truncatedTo(ChronoUnit.MINUTES).plusMillis(1);
    return queries.metricBuckets(
        MetricAggregateQuery.builder()
            .metricName("metric-" + random.nextInt(10))
            .from(from)
            .to(from.plus(Duration.ofDays(1)))
            .bucket(Duration.ofMinutes(5))
            .build());
  }

  /** A benchmark of empty results would measure nothing: fail the run instead. */
  private void checkEveryShapeFindsRows() {
    check("traceById", traceById().items().size() == 10);
    check("tracesByAgentLastHour", !tracesByAgentLastHour().items().isEmpty());
    check("tracesByAgentSevenDays", !tracesByAgentSevenDays().items().isEmpty());
    check("routingByAgentConfidence50Day", !routingByAgentConfidence50Day().items().isEmpty());
    check("routingByAgentConfidence99Day", !routingByAgentConfidence99Day().items().isEmpty());
    check("transformationsBySourceDay", !transformationsBySourceDay().items().isEmpty());
    check("metricBucketsDay", !metricBucketsDay().isEmpty());
    check("metricBucketsDayComponent", !metricBucketsDayComponent().isEmpty());
    check("metricBucketsDayAnyMinute", !metricBucketsDayAnyMinute().isEmpty());
    check("metricBucketsDayRows", !metricBucketsDayRows().isEmpty());
  }

  private static void check(String shape, boolean ok) {
    if (!ok) {
      throw new IllegalStateException(
          shape
              + " found no rows (expected the data set's rows);"
              + " delete the data folder (see QueryDataSet) to load it again");
    }
  }
}
