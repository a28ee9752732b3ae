-- V1: the four event tables, the drainer's checkpoint, and the indexes the query API needs.
--
-- Why partitioned: retention drops whole day partitions (no DELETE, no bloat). The partition key
-- is recorded_at, the time Sluice recorded the event (the timestamp inside its UUIDv7 id), so a
-- day's partition fills in order and late events still land in a partition that exists.
-- Partitions are created ahead, and on demand, by Sluice itself (not here): partition DDL is
-- ongoing maintenance, not a migration. There is deliberately no DEFAULT partition, so a
-- partition can later be detached CONCURRENTLY.
--
-- Why (id, recorded_at) as the key: a unique key on a partitioned table must include the
-- partition key. Exactly-once comes from the checkpoint; the key is the guard behind it.

CREATE TABLE trace_events (
    id           uuid        NOT NULL,
    recorded_at  timestamptz NOT NULL,
    occurred_at  timestamptz NOT NULL,
    trace_id     text        NOT NULL,
    event_type   text        NOT NULL,
    level        text        NOT NULL CHECK (level IN ('DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL')),
    message      text        NOT NULL,
    agent_name   text,
    task_id      text,
    metadata     jsonb,
    PRIMARY KEY (id, recorded_at)
) PARTITION BY RANGE (recorded_at);

CREATE INDEX trace_events_trace_id_idx ON trace_events (trace_id);
CREATE INDEX trace_events_agent_time_idx ON trace_events (agent_name, recorded_at DESC);

CREATE TABLE routing_decisions (
    id                uuid             NOT NULL,
    recorded_at       timestamptz      NOT NULL,
    occurred_at       timestamptz      NOT NULL,
    user_request      text             NOT NULL,
    selected_agent    text             NOT NULL,
    confidence_score  double precision NOT NULL CHECK (confidence_score >= 0 AND confidence_score <= 1),
    alternatives      jsonb            NOT NULL,
    reasoning         text,
    routing_strategy  text             NOT NULL,
    PRIMARY KEY (id, recorded_at)
) PARTITION BY RANGE (recorded_at);

-- confidence as a third key column (not INCLUDE) so a min-confidence filter is checked inside the index.
CREATE INDEX routing_decisions_agent_time_idx
    ON routing_decisions (selected_agent, recorded_at DESC, confidence_score);

CREATE TABLE performance_metrics (
    id            uuid             NOT NULL,
    recorded_at   timestamptz      NOT NULL,
    occurred_at   timestamptz      NOT NULL,
    metric_name   text             NOT NULL,
    metric_value  double precision NOT NULL,
    metric_type   text             NOT NULL,
    component     text,
    tags          jsonb,
    PRIMARY KEY (id, recorded_at)
) PARTITION BY RANGE (recorded_at);

CREATE INDEX performance_metrics_name_time_idx ON performance_metrics (metric_name, recorded_at DESC);

CREATE TABLE transformation_events (
    id                   uuid        NOT NULL,
    recorded_at          timestamptz NOT NULL,
    occurred_at          timestamptz NOT NULL,
    source_agent         text        NOT NULL,
    target_agent         text        NOT NULL,
    transformation_type  text        NOT NULL,
    reason               text,
    context              jsonb,
    PRIMARY KEY (id, recorded_at)
) PARTITION BY RANGE (recorded_at);

CREATE INDEX transformation_events_source_time_idx ON transformation_events (source_agent, recorded_at DESC);
CREATE INDEX transformation_events_target_time_idx ON transformation_events (target_agent, recorded_at DESC);

-- One row per spool. The drainer commits last_index in the same transaction as the rows it
-- wrote, with a compare-and-set on the previous value, so each spool record lands exactly once
-- and a second drainer on the same spool is fenced off.
CREATE TABLE spool_checkpoints (
    spool_id          text        PRIMARY KEY,
    last_index        bigint      NOT NULL,
    committed_events  bigint      NOT NULL DEFAULT 0,
    updated_at        timestamptz NOT NULL DEFAULT now()
);
