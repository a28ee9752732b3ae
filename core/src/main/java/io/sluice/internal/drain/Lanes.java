package io.sluice.internal.drain;

import io.sluice.internal.db.Partitions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drainer's lanes ({@link DrainLanes}) and where each stands. One lane commits on the drainer's
 * thread, exactly as a drainer did before lanes; several commit their parts of a batch at once on
 * threads of their own, and the drainer waits for all of them before it reads on, so at most one
 * batch is in flight.
 *
 * <p>Used by the drainer thread only (the lane threads get their inputs as arguments). After any
 * lane failed, some lanes may have committed the batch and others not: the drainer re-reads the
 * lanes' checkpoints ({@link #prepare}) and reads again from the lowest.
 */
final class Lanes implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Lanes.class);

  /**
   * What one batch committed, over all lanes.
   *
   * @param spool the spool's checkpoint afterwards: lowest lane index, counters summed
   * @param lostCounted whether the pending lost events were counted (by lane 0)
   */
  record Committed(
      Checkpoint spool,
      int rows,
      int dead,
      int alreadyStored,
      List<Rejection> rejected,
      boolean lostCounted) {}

  private final LaneWriter[] writers;
  private final Checkpoint[] at;
  private final ExecutorService threads;
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
    this.at = new Checkpoint[count];
    for (int lane = 0; lane < count; lane++) {
      // one lane shares the drainer's partition cache, as before lanes; several each have one
      Partitions own = count == 1 ? partitions : new Partitions();
      writers[lane] =
          new LaneWriter(lane, jdbi, settings, deadLetters, retirement, spoolDirectory, own);
    }
    this.partitions = partitions;
    if (count == 1) {
      this.threads = null;
    } else {
      log.info(
          "{}: draining with {} lanes (one connection and one checkpoint row each)",
          settings.instanceName(),
          count);
      AtomicInteger n = new AtomicInteger();
      this.threads =
          Executors.newFixedThreadPool(
              count,
              r -> {
                Thread t = new Thread(r, settings.instanceName() + "-lane-" + n.getAndIncrement());
                t.setDaemon(true);
                return t;
              });
    }
  }

  /** {@code " on host:port"} of lane 0's last transaction, or {@code ""}. */
  String host() {
    return writers[0].host();
  }

  int count() {
    return writers.length;
  }

  /** Reads (creating or re-shaping) the lanes' checkpoint rows; returns the spool's checkpoint. */
  Checkpoint prepare(Handle h, String spoolId) {
    List<Checkpoint> rows = CheckpointStore.prepareLanes(h, spoolId, writers.length);
    for (int lane = 0; lane < at.length; lane++) {
      at[lane] = rows.get(lane);
    }
    return spool();
  }

  /** The spool's checkpoint: the lowest lane index, the counters summed. */
  Checkpoint spool() {
    if (at.length == 1) {
      return at[0];
    }
    long index = Long.MAX_VALUE;
    long committed = 0;
    long dead = 0;
    long lost = 0;
    for (Checkpoint cp : at) {
      index = Math.min(index, cp.lastIndex());
      committed += cp.committedEvents();
      dead += cp.deadLetteredEvents();
      lost += cp.lostEvents();
    }
    return new Checkpoint(at[0].spoolId(), index, committed, dead, lost);
  }

  void forgetPartitions() {
    for (LaneWriter w : writers) {
      w.forgetPartitions();
    }
  }

  /**
   * Commits {@code batch}: each lane its part, in its own transaction; lane 0 adds {@code lost}.
   * Calls {@code connected} once connected (before that, a closing drainer may interrupt the wait
   * for a connection).
   *
   * @throws Exception the first lane failure (after every lane finished); lanes that committed have
   *     moved on
   */
  Committed commit(Batch batch, long lost, Runnable connected) throws Exception {
    if (writers.length == 1) {
      LaneWriter.Outcome o = writers[0].commit(batch, at[0], lost, clock, connected);
      at[0] = o.next();
      return new Committed(o.next(), o.rows(), o.dead(), o.alreadyStored(), o.rejected(), true);
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
    boolean lostCounted = false;
    for (int lane = 0; lane < writers.length; lane++) {
      Batch part = DrainLanes.part(batch, lane, writers.length, at[lane].lastIndex());
      if (part == null) {
        running.add(null);
        continue;
      }
      long laneLost = lane == 0 ? lost : 0;
      lostCounted |= lane == 0;
      LaneWriter w = writers[lane];
      Checkpoint previous = at[lane];
      running.add(threads.submit(() -> w.commit(part, previous, laneLost, clock, () -> {})));
    }
    return collect(running, lostCounted);
  }

  private Committed collect(List<Future<LaneWriter.Outcome>> running, boolean lostCounted)
      throws Exception {
    Exception failure = null;
    int rows = 0;
    int dead = 0;
    int alreadyStored = 0;
    List<Rejection> rejected = new ArrayList<>();
    for (int lane = 0; lane < running.size(); lane++) {
      Future<LaneWriter.Outcome> f = running.get(lane);
      if (f == null) {
        continue;
      }
      try {
        LaneWriter.Outcome o = waitFor(f);
        at[lane] = o.next();
        rows += o.rows();
        dead += o.dead();
        alreadyStored += o.alreadyStored();
        rejected.addAll(o.rejected());
      } catch (Exception e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
    return new Committed(spool(), rows, dead, alreadyStored, rejected, lostCounted);
  }

  /** Waits for a lane even when interrupted (a closing drainer lets the batch in flight finish). */
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
    if (threads != null) {
      threads.shutdown();
      try {
        threads.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
