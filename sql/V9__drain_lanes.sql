-- Drain lanes (SLUICE_DRAIN_LANES): a spool may be drained by several lanes, each with its own
-- connection and its own checkpoint row, committed in the same transaction as that lane's rows.
-- The row of a spool drained before lanes existed becomes lane 0; a drainer started with more
-- lanes creates the others at lane 0's index (CheckpointStore.prepareLanes), which is exact: one
-- lane had dealt with every record up to that index. A spool's progress as a whole is the lowest
-- last_index over its lanes and the sums of their counters.
ALTER TABLE spool_checkpoints ADD COLUMN lane smallint NOT NULL DEFAULT 0;
ALTER TABLE spool_checkpoints DROP CONSTRAINT spool_checkpoints_pkey;
ALTER TABLE spool_checkpoints ADD PRIMARY KEY (spool_id, lane);
ALTER TABLE spool_checkpoints ADD CONSTRAINT spool_checkpoints_lane_range CHECK (lane BETWEEN 0 AND 15);
