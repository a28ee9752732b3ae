-- V4: the per-bucket aggregate (count, avg, p50, p95, max of metric_value for one metric over a
-- time range) read 10,000 heap rows per day to fetch metric_value: most of its 7-10 ms p99 on the
-- 1M-metric benchmark. With metric_value INCLUDEd, PostgreSQL answers from the index alone (an
-- index-only scan once the visibility map is set by autovacuum). It replaces the V1 index of the
-- same key, so ingest still maintains one index for it, not two.
DROP INDEX IF EXISTS performance_metrics_name_time_idx;
CREATE INDEX performance_metrics_name_time_idx
    ON performance_metrics (metric_name, recorded_at DESC) INCLUDE (metric_value);
