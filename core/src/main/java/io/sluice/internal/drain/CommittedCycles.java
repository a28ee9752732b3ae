package io.sluice.internal.drain;

import io.sluice.spool.Spool;
import io.sluice.spool.SpoolCleanup;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the spool's committed cycle files once their events are safe from a PostgreSQL failover,
 * driven by the committed checkpoint, never by Chronicle's file callbacks.
 *
 * <h2>Design notes</h2>
 *
 * Every 5 s after a commit the committed index is sampled. A sample becomes deletable once it is
 * {@code keepCommitted} old <em>and</em> the checkpoint read back from the database (through the
 * pool, so after a failover from the new primary) still covers it: a failover inside the window
 * finds the records still in the spool and re-drains them. With {@code replicated} durability in
 * force (a synchronous standby applied each commit) or {@code keepCommitted = 0} there is no window
 * and no read-back. Before deleting, the high-water mark in {@link LastCheckpointFile} is fsynced,
 * so it covers every deleted record. Meanwhile {@link Spool#markCommitted} lets a full spool give
 * kept files up, oldest first (logged by the spool).
 *
 * <p>Drainer thread only.
 */
final class CommittedCycles {
  private static final Logger log = LoggerFactory.getLogger(Drainer.class);
  private static final long CLEANUP_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final Spool spool;
  private final Jdbi jdbi;
  private final String instanceName;
  private final Duration keep;
  private final LastCheckpointFile file;
  private final ArrayDeque<long[]> samples = new ArrayDeque<>(); // {nanoTime, index}
  private long lastCleanupNanos = System.nanoTime();
  private final boolean replicated;
  private boolean replicatedInForce;
  private String standbyNames;

  CommittedCycles(Spool spool, Jdbi jdbi, DrainSettings settings, LastCheckpointFile file) {
    this.spool = spool;
    this.jdbi = jdbi;
    this.instanceName = settings.instanceName();
    this.keep = settings.keepCommitted();
    this.replicated = settings.replicated();
    this.file = file;
  }

  /**
   * With {@code replicated} durability, checks on each connect (a failover may change it) that the
   * server has a synchronous standby; says so when the setting will have no effect.
   */
  void checkStandby(Handle h) {
    if (!replicated) {
      return;
    }
    String names = h.createQuery("SHOW synchronous_standby_names").mapTo(String.class).one();
    boolean inForce = names != null && !names.isBlank();
    replicatedInForce = inForce;
    if (names != null && names.equals(standbyNames)) {
      return;
    }
    standbyNames = names;
    if (inForce) {
      log.info(
          "{}: SLUICE_COMMIT_DURABILITY=replicated: each checkpoint commit waits until a"
              + " synchronous standby ({}) applied it; committed cycle files are deleted at once",
          instanceName,
          names);
    } else {
      log.warn(
          "{}: SLUICE_COMMIT_DURABILITY=replicated has no effect: the server's"
              + " synchronous_standby_names is empty, so commits wait for no standby. Committed"
              + " cycle files are kept for SLUICE_KEEP_COMMITTED={} instead; set"
              + " synchronous_standby_names on the server to make commits replicated",
          instanceName,
          keep);
    }
  }

  /** The grace period now in force. */
  Duration grace() {
    return replicatedInForce ? Duration.ZERO : keep;
  }

  /** After a commit at {@code cp}: mark it, and at most every 5 s delete what is safe. */
  void committed(Checkpoint cp) {
    spool.markCommitted(cp.lastIndex());
    long now = System.nanoTime();
    if (now - lastCleanupNanos < CLEANUP_EVERY_NANOS) {
      return;
    }
    lastCleanupNanos = now;
    samples.addLast(new long[] {now, cp.lastIndex()});
    long graceNanos = grace().toNanos();
    long eligible = -1;
    while (!samples.isEmpty() && now - samples.peekFirst()[0] >= graceNanos) {
      eligible = samples.pollFirst()[1];
    }
    if (eligible < 0) {
      return;
    }
    try {
      if (graceNanos > 0 && !stillCommitted(eligible)) {
        samples.clear(); // a rollback: the drainer finds it at its next commit and re-drains
        return;
      }
      file.write(cp, true);
      if (!spool.holds(eligible)) {
        return; // a full spool already gave its file up
      }
      SpoolCleanup cleanup = spool.deleteCyclesBefore(eligible);
      if (cleanup.files() > 0) {
        log.info(
            "{}: deleted {} committed cycle file(s) of {} events, {} bytes (kept {} for a failover)",
            instanceName,
            cleanup.files(),
            cleanup.records(),
            cleanup.bytes(),
            grace());
      }
    } catch (RuntimeException e) {
      log.warn("{}: cannot delete committed cycle files: {}", instanceName, e.getMessage());
    }
  }

  /** Reads the checkpoint back from the database: does it still cover {@code index}? */
  private boolean stillCommitted(long index) {
    try (Handle h = jdbi.open()) {
      Checkpoint cp = CheckpointStore.find(h, spool.id());
      return cp != null && cp.lastIndex() >= index;
    }
  }

  /** Forgets samples (after a rollback, they may name records committed only on a lost primary). */
  void reset() {
    samples.clear();
  }
}
