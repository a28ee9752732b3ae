/**
 * The drainer ({@link io.sluice.internal.drain.Drainer}): tails the spool and writes its events to
 * PostgreSQL, one batch per transaction, each with the checkpoint.
 *
 * <h2>Delivery</h2>
 *
 * A batch's rows and the checkpoint (index of the batch's last spool record) commit together. On
 * (re)start, and after any failed batch, the drainer re-reads the checkpoint from PostgreSQL and
 * resumes just after it. So a batch whose COMMIT failed with an unknown outcome is neither lost nor
 * written twice: if it committed, the checkpoint says so.
 *
 * <h2>Failure</h2>
 *
 * Errors are classed by SQLSTATE ({@link io.sluice.internal.db.ErrorClass}). Transient ones are
 * retried with exponential backoff and jitter (100 ms doubling to 30 s, {@link DrainFailures}) and
 * counted by the circuit breaker; while it is open nothing is written and events stay spooled. Rows
 * PostgreSQL rejects are isolated and set aside in the {@link DeadLetterSpool}; the rest of their
 * batch commits. Configuration faults stop writing (state {@link DrainState#HALTED_FATAL}) and are
 * re-checked every {@code fatalRetryInterval}, so fixing the database resumes draining without a
 * restart. A damaged spool record is set aside too, or stops the drainer in strict mode. So is an
 * event recorded on a day already past its kind's retention (reason {@code EXPIRED}): its partition
 * was or is about to be dropped, and retrying it could never succeed.
 *
 * <h2>One drainer per spool</h2>
 *
 * Before its first COPY, and again on every reconnect and before each batch, the drainer holds the
 * spool's {@link DrainerLease} (a file lock and a PostgreSQL advisory lock keyed by the spool id).
 * A second drainer writes nothing: it waits in state {@link DrainState#STANDBY}, polls about once a
 * second and takes over when the owner stops or dies. The checkpoint compare-and-set stays the last
 * guard: each batch's transaction first locks the checkpoint row and checks it is where this
 * drainer left it ({@link CheckpointStore#lockAt}); if it moved (a lingering owner, a restore), the
 * batch is stale: it is dropped, nothing is set aside, and the drainer resumes after the checkpoint
 * it finds. Dead letters are written only after that check succeeded, inside the transaction (see
 * {@link DeadLetterSpool}).
 *
 * <h2>Failover</h2>
 *
 * A checkpoint read back behind the highest one committed (a promoted standby that missed the last
 * commits, a restore) is reported and re-drained ({@link RollbackGuard}); committed cycle files are
 * kept until that can no longer happen ({@link CommittedCycles}); a checkpoint pointing into
 * deleted records is a lost range, reported exactly, then halts or skips per {@code
 * haltOnLostRange}.
 *
 * <h2>Lanes</h2>
 *
 * Each batch is cut by event kind ({@link DrainLanes}) and handed to the lanes, which commit their
 * parts on their own threads and connections, each with its own checkpoint row, up to a few batches
 * apart ({@link Lanes}). Everything above holds for the spool as a whole: its checkpoint is the
 * lowest lane's (what rollback detection, the keep-window and cycle-file deletion see) with the
 * counters summed; the lease, the breaker (one success or failure per batch) and the dead-letter
 * spool are shared.
 */
package io.sluice.internal.drain;
