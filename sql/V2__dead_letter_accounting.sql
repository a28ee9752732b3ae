-- V2: count dead-lettered events in the checkpoint row, committed in the same transaction as the
-- batch that set them aside, so appended = committed + dead_lettered + dropped + pending holds
-- exactly across crashes.
ALTER TABLE spool_checkpoints ADD COLUMN dead_lettered_events bigint NOT NULL DEFAULT 0;
