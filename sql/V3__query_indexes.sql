-- V3: indexes for query shapes V1 does not serve.
--
-- performance_metrics by component (without metric_name): V1 indexes (metric_name, recorded_at),
-- so a component filter read a whole day partition (EXPLAIN: Seq Scan, then a sort). With this
-- index it reads the newest matching rows in order and LIMIT stops early, like the other
-- equality filters. Metrics are the low-volume stream, so the extra index costs little ingest.
--
-- Not added, on purpose (each index on a partitioned table is maintained on every COPY):
--   trace_events (event_type) and (level): a filter on them alone walks the day partitions' primary
--   key (id, recorded_at) backwards (id is a UUIDv7, so id order is recorded_at order) and checks
--   rows one by one; a page of a common value costs about limit / frequency rows. Combined with
--   trace_id or agent_name (the usual case) those indexes serve it.
--   routing_decisions (routing_strategy), transformation_events (transformation_type): same.
CREATE INDEX performance_metrics_component_time_idx
    ON performance_metrics (component, recorded_at DESC);
