-- Events a drainer had to skip because the checkpoint, rolled back by a PostgreSQL failover or a
-- restore, pointed into spool records already deleted (SLUICE_ON_LOST_RANGE=continue). Counted so
-- that appended = committed + dead_lettered + dropped + unreadable + lost + backlog stays exact.
ALTER TABLE spool_checkpoints ADD COLUMN lost_events bigint NOT NULL DEFAULT 0;
