package io.sluice.internal.drain;

import io.sluice.internal.db.Partitions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drainer's lanes ({@link DrainLanes}) and the batches in flight on them.
 *
 * <p>One lane commits on the drainer's thread, exactly as a drainer did before lanes: {@link
 * #submit} returns once the batch committed or failed. Several lanes run free: each has a thread of
 * its own that commits its parts one after the other in the order the drainer read the batches, so
 * a lane of cheap rows (metrics) does not wait for a lane of dear ones (traces with JSONB). The
 * drainer hands a batch to every lane and reads on; at most {@link #MAX_IN_FLIGHT} batches are in
 * flight, which bounds how far the lanes run apart (and the memory the batches hold). {@link #next}
 * gives the batches back in order once every lane is done with them, with the spool's checkpoint as
 * of that batch: the lowest lane, counters summed.
 *
 * <p>When a lane fails, its later parts are skipped ({@link LaneWriter.SkippedException}), the
 * other lanes finish theirs, and {@link #next} throws: some lanes may have committed batches that
 * others did not, so the drainer reads the lanes' checkpoints again ({@link #prepare}) and reads on
 * from the lowest; each lane's part leaves out what its checkpoint covers, so nothing is written
 * twice.
 *
 * <p>Used by the drainer thread only; the lane threads get their inputs as arguments.
 */
final class Lanes implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Lanes.class);

  /** Batches in flight at most (10,000 events each by default: 40,000 events of skew at most). */
  static final int MAX_IN_FLIGHT = 4;

  /**
   * What one batch committed, over all lanes.
   *
   * @param batch the batch
   * @param spool the spool's checkpoint afterwards: lowest lane index, counters summed
   * @param startNanos when the drainer handed it to the lanes ({@link System#nanoTime()})
   */
  record Committed(
      Batch batch,
      Checkpoint spool,
      int rows,
      int dead,
      int alreadyStored,
      List<Rejection> rejected,
      long startNanos) {}

  /** A batch that did not commit on every lane: {@link #getCause()} is the first lane's failure. */
  static final class BatchFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Batch batch;
    private final long startNanos;

    BatchFailedException(Batch batch, long startNanos, Exception cause) {
      super(cause.getMessage(), cause, false, false);
      this.batch = batch;
      this.startNanos = startNanos;
    }

    Batch batch() {
      return batch;
    }

    long startNanos() {
      return startNanos;
    }
  }

  private record InFlight(Batch batch, List<Future<LaneWriter.Outcome>> lanes, long startNanos) {}

  private final LaneWriter[] writers;
  private final ThreadPoolExecutor[] threads;
  private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
  private final Jdbi jdbi;
  private final Partitions partitions;
  private final Clock clock;

  Lanes(
      Jdbi jdbi,
      DrainSettings settings,
      DeadLetterSpool deadLetters,
      ConnectionRetirement retirement,
      Path spoolDirectory,
      Partitions partitions) {
    int count = settings.lanes();
    this.jdbi = jdbi;
    this.clock = settings.clock();
    this.writers = new LaneWriter[count];
    for (int lane = 0; lane < count; lane++) {
      // one lane shares the drainer's partition cache, as before lanes; several each have one
      Partitions own = count == 1 ? partitions : new Partitions();
      writers[lane] =
          new LaneWriter(lane, jdbi, settings, deadLetters, retirement, spoolDirectory, own);
    }
    this.partitions = partitions;
    if (count == 1) {
      this.threads = new ThreadPoolExecutor[0];
    } else {
      log.info(
          "{}: draining with {} lanes (one connection and one checkpoint row each, up to {}"
              + " batches in flight)",
          settings.instanceName(),
          count,
          MAX_IN_FLIGHT);
      this.threads = new ThreadPoolExecutor[count];
      for (int lane = 0; lane < count; lane++) {
        String name = settings.instanceName() + "-lane-" + lane;
        threads[lane] =
            new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(),
                r -> {
                  Thread t = new Thread(r, name);
                  t.setDaemon(true);
                  return t;
                });
      }
    }
  }

  /** {@code " on host:port"} of lane 0's last transaction, or {@code ""}. */
  String host() {
    return writers[0].host();
  }

  int count() {
    return writers.length;
  }

  /** Batches handed to the lanes and not yet given back by {@link #next}. */
  int inFlight() {
    return inFlight.size();
  }

  /** True when no more batches may be handed to the lanes before one is given back. */
  boolean full() {
    return inFlight.size() >= MAX_IN_FLIGHT;
  }

  /** True when a batch is in flight and every lane is done with the oldest. */
  boolean oldestDone() {
    InFlight oldest = inFlight.peek();
    return oldest != null && oldest.lanes().stream().allMatch(Future::isDone);
  }

  /**
   * The lanes' checkpoints as read from PostgreSQL.
   *
   * @param spool the spool's checkpoint: the lowest lane index, counters summed
   * @param seen the spool's checkpoint as this process last saw its lanes commit (or read them), or
   *     {@code null} before this process first read them
   * @param rolledBack events this process saw committed on lanes whose checkpoint PostgreSQL now
   *     holds lower (a failover or a restore rolled them back), summed over those lanes; exact,
   *     also when the lanes stood at different indexes; 0 when {@code seen} is {@code null}
   */
  record Prepared(Checkpoint spool, Checkpoint seen, long rolledBack) {}

  /**
   * Reads (creating or re-shaping) the lanes' checkpoint rows and compares each with what this
   * process last saw the lane commit. Only with no batch in flight.
   */
  Prepared prepare(Handle h, String spoolId) {
    if (!inFlight.isEmpty()) {
      throw new IllegalStateException("batches in flight: " + inFlight.size());
    }
    List<Checkpoint> rows = CheckpointStore.prepareLanes(h, spoolId, writers.length);
    List<Checkpoint> seen = new ArrayList<>(writers.length);
    long rolledBack = 0;
    for (int lane = 0; lane < writers.length; lane++) {
      Checkpoint before = writers[lane].at();
      Checkpoint now = rows.get(lane);
      if (before != null) {
        seen.add(before);
        if (now.lastIndex() < before.lastIndex()) {
          rolledBack += Math.max(0, before.dealtWith() - now.dealtWith());
        }
      }
      writers[lane].reset(now);
    }
    return new Prepared(
        spool(rows), seen.size() == writers.length ? spool(seen) : null, rolledBack);
  }

  /** The spool's checkpoint from the lanes' ones: the lowest lane index, the counters summed. */
  private static Checkpoint spool(List<Checkpoint> lanes) {
    if (lanes.size() == 1) {
      return lanes.get(0);
    }
    long index = Long.MAX_VALUE;
    long committed = 0;
    long dead = 0;
    long lost = 0;
    for (Checkpoint cp : lanes) {
      index = Math.min(index, cp.lastIndex());
      committed += cp.committedEvents();
      dead += cp.deadLetteredEvents();
      lost += cp.lostEvents();
    }
    return new Checkpoint(lanes.get(0).spoolId(), index, committed, dead, lost);
  }

  void forgetPartitions() {
    for (LaneWriter w : writers) {
      w.forgetPartitions();
    }
  }

  /**
   * Hands {@code batch} to the lanes, lane 0 adding {@code lost} lost events (which it always
   * counts, with its first part). With one lane it commits here, on the caller's thread, and calls
   * {@code connected} once connected (before that, a closing drainer may interrupt the wait for a
   * connection). Then {@link #next} gives the outcome.
   *
   * @throws Exception making the batch's day partitions failed; nothing was handed to the lanes
   */
  void submit(Batch batch, long lost, Runnable connected) throws Exception {
    long start = System.nanoTime();
    if (writers.length == 1) {
      LaneWriter w = writers[0];
      CompletableFuture<LaneWriter.Outcome> done = new CompletableFuture<>();
      try {
        done.complete(w.commit(batch, w.at(), lost, clock, connected));
      } catch (Exception e) {
        done.completeExceptionally(e);
      }
      inFlight.add(new InFlight(batch, List.of(done), start));
      return;
    }
    // The day partitions are made here, once, so that lanes never race to create the same one.
    Set<LocalDate> days = BatchWriter.days(batch.records);
    if (partitions.knownDays().containsAll(days)) {
      connected.run();
    } else {
      try (Handle h = jdbi.open()) {
        connected.run();
        h.useTransaction(tx -> partitions.ensure(tx, days));
      }
    }
    List<Future<LaneWriter.Outcome>> running = new ArrayList<>(writers.length);
    for (int lane = 0; lane < writers.length; lane++) {
      LaneWriter w = writers[lane];
      long laneLost = lane == 0 ? lost : 0;
      int lanes = writers.length;
      running.add(threads[lane].submit(() -> w.commitPart(batch, lanes, laneLost, clock)));
    }
    inFlight.add(new InFlight(batch, running, start));
  }

  /**
   * The oldest batch in flight once every lane is done with it, waiting for that when {@code wait};
   * {@code null} when there is none, or (not waiting) it is not done yet.
   *
   * @throws BatchFailedException a lane failed on it: then every batch in flight has been waited
   *     for and dropped (lanes that committed have moved on; {@link #prepare} reads where they are)
   */
  Committed next(boolean wait) throws BatchFailedException {
    InFlight oldest = inFlight.peek();
    if (oldest == null || (!wait && !oldestDone())) {
      return null;
    }
    inFlight.poll();
    List<Checkpoint> at = new ArrayList<>(writers.length);
    int rows = 0;
    int dead = 0;
    int alreadyStored = 0;
    List<Rejection> rejected = new ArrayList<>();
    Exception failure = null;
    for (Future<LaneWriter.Outcome> f : oldest.lanes()) {
      try {
        LaneWriter.Outcome o = waitFor(f);
        at.add(o.next());
        rows += o.rows();
        dead += o.dead();
        alreadyStored += o.alreadyStored();
        rejected.addAll(o.rejected());
      } catch (Exception e) {
        failure = failure == null || failure instanceof LaneWriter.SkippedException ? e : failure;
      }
    }
    if (failure != null) {
      dropInFlight();
      throw new BatchFailedException(oldest.batch(), oldest.startNanos(), failure);
    }
    return new Committed(
        oldest.batch(), spool(at), rows, dead, alreadyStored, rejected, oldest.startNanos());
  }

  /** Waits for every lane to finish the batches in flight and forgets them. */
  private void dropInFlight() {
    for (InFlight f : inFlight) {
      for (Future<LaneWriter.Outcome> lane : f.lanes()) {
        try {
          waitFor(lane);
        } catch (Exception e) {
          // the drainer reads the lanes' checkpoints again: what committed is counted there
        }
      }
    }
    inFlight.clear();
  }

  /**
   * Waits for a lane even when interrupted (a closing drainer lets the batches in flight finish).
   */
  private static LaneWriter.Outcome waitFor(Future<LaneWriter.Outcome> f) throws Exception {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return f.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Exception cause) {
            throw cause;
          }
          if (e.getCause() instanceof Error error) {
            throw error;
          }
          throw e;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    dropInFlight();
    for (ThreadPoolExecutor t : threads) {
      t.shutdown();
    }
    try {
      for (ThreadPoolExecutor t : threads) {
        t.awaitTermination(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
