package io.sluice.internal.drain;

import com.zaxxer.hikari.HikariDataSource;
import io.sluice.internal.codec.CorruptRecordException;
import io.sluice.internal.codec.EventDecoder;
import io.sluice.internal.codec.SpooledEvent;
import io.sluice.spool.Spool;
import io.sluice.spool.SpoolReader;
import io.sluice.spool.SpoolRecord;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the spool and writes its events to PostgreSQL, one batch per transaction, each with the
 * checkpoint.
 *
 * <h2>Delivery</h2>
 *
 * A batch's rows and the checkpoint (index of the batch's last spool record) commit together. On
 * (re)start, and after any failed batch, the drainer re-reads the checkpoint from PostgreSQL and
 * resumes just after it. So a batch whose COMMIT failed with an unknown outcome is neither lost
 * nor written twice: if it committed, the checkpoint says so.
 *
 * <h2>Concurrency</h2>
 *
 * One thread, started by {@link #start()}. Other threads read its progress through volatile
 * fields ({@link #committed()}, {@link #lastError()}). {@link #close()} lets the batch in flight
 * finish, then stops.
 *
 * <h2>Failure</h2>
 *
 * Any failure of a batch rolls it back, is logged once per streak, and is retried after an
 * exponential backoff with jitter (100 ms doubling to 30 s). Events stay in the spool meanwhile.
 * A damaged spool record stops the drainer (health shows why) rather than being skipped.
 */
public final class Drainer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Drainer.class);
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long MIN_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 30_000;

  private final Spool spool;
  private final Jdbi jdbi;
  private final HikariDataSource dataSource;
  private final DrainSettings settings;
  private final Partitions partitions = new Partitions();
  private final BatchWriter writer = new BatchWriter(partitions);
  private final EventDecoder decoder = new EventDecoder();
  private final Map<Object, Integer> batchesPerConnection = new WeakHashMap<>();
  private final Thread thread;

  private volatile boolean running;
  private volatile Checkpoint committed;
  private volatile String lastError;
  private volatile Instant lastErrorAt;
  private volatile boolean halted;
  private boolean schemaApplied;
  private SpoolReader reader;
  private int failuresInARow;

  public Drainer(Spool spool, Jdbi jdbi, HikariDataSource dataSource, DrainSettings settings) {
    this.spool = spool;
    this.jdbi = jdbi;
    this.dataSource = dataSource;
    this.settings = settings;
    this.thread = new Thread(this::run, settings.instanceName() + "-drainer");
    this.thread.setDaemon(true);
  }

  public void start() {
    running = true;
    thread.start();
  }

  /** The last committed checkpoint, or {@code null} before the drainer first reached PostgreSQL. */
  public Checkpoint committed() {
    return committed;
  }

  /** The last failure's message, or {@code null} if the last batch succeeded. */
  public String lastError() {
    return lastError;
  }

  public Instant lastErrorAt() {
    return lastErrorAt;
  }

  /** True when the drainer stopped for good on an error no retry can fix; see {@link #lastError()}. */
  public boolean halted() {
    return halted;
  }

  /** Spool records not yet committed, or -1 while the checkpoint is unknown. */
  public long backlog() {
    Checkpoint cp = committed;
    return cp == null ? -1 : spool.countAfter(cp.lastIndex());
  }

  private void run() {
    try {
      while (running) {
        if (reader == null && !prepare()) {
          continue;
        }
        Batch batch = fill();
        if (batch.events.isEmpty()) {
          continue;
        }
        commit(batch);
      }
    } catch (HaltException e) {
      halted = true;
      recordError(e.getMessage(), e.getCause());
    } finally {
      closeReader();
    }
  }

  /** Connects, migrates, reads the checkpoint and positions the reader. False on failure. */
  private boolean prepare() {
    try (Handle h = jdbi.open()) {
      if (settings.applySchema() && !schemaApplied) {
        Schema.migrate(dataSource, settings.instanceName());
        schemaApplied = true;
      }
      Checkpoint cp = CheckpointStore.loadOrCreate(h, spool.id());
      h.useTransaction(tx -> partitions.ensure(tx, Partitions.window(settings.clock(), settings.partitionDaysAhead())));
      SpoolReader r = spool.reader();
      if (cp.lastIndex() != Checkpoint.NONE) {
        try {
          r.seekAfter(cp.lastIndex());
        } catch (RuntimeException e) {
          r.close();
          throw new HaltException(e.getMessage(), e);
        }
      }
      reader = r;
      committed = cp;
      recovered();
      return true;
    } catch (HaltException e) {
      throw e;
    } catch (RuntimeException e) {
      partitions.forget();
      failed("cannot prepare draining", e);
      return false;
    }
  }

  private Batch fill() {
    Batch batch = new Batch(settings.maxBatchEvents());
    long deadline = 0;
    while (running && batch.events.size() < settings.maxBatchEvents()) {
      SpoolRecord record = reader.next();
      if (record == null) {
        boolean idle = batch.events.isEmpty();
        if (!idle && System.nanoTime() - deadline >= 0) {
          return batch;
        }
        LockSupport.parkNanos(IDLE_PARK_NANOS);
        if (idle) {
          return batch; // back to the loop, which checks whether to stop
        }
        continue;
      }
      if (batch.events.isEmpty()) {
        deadline = System.nanoTime() + settings.flushInterval().toNanos();
      }
      try {
        batch.events.add(decoder.decode(record.payload()));
      } catch (CorruptRecordException e) {
        throw new HaltException(
            "Spool record " + record.index() + " in " + spool.directory() + " is damaged ("
                + e.getMessage() + "). Draining stopped; inspect the spool with `sluice verify`.",
            e);
      }
      batch.lastIndex = record.index();
    }
    return batch;
  }

  private void commit(Batch batch) {
    try (Handle h = jdbi.open()) {
      h.begin();
      Checkpoint next = writer.write(h, batch.events, committed, batch.lastIndex);
      h.commit();
      committed = next;
      retireIfWornOut(h.getConnection());
      recovered();
    } catch (CheckpointConflictException e) {
      throw new HaltException(e.getMessage(), e);
    } catch (Exception e) {
      partitions.forget();
      closeReader(); // re-read the checkpoint: the commit may have happened
      failed("cannot commit a batch of " + batch.events.size() + " events", e);
    }
  }

  private void retireIfWornOut(Connection c) throws java.sql.SQLException {
    int max = settings.maxQueriesPerConnection();
    if (max <= 0) {
      return;
    }
    Object physical = c.unwrap(PGConnection.class); // the pool hands out a new proxy each time
    int served = batchesPerConnection.merge(physical, 1, Integer::sum);
    if (served >= max) {
      batchesPerConnection.remove(physical);
      dataSource.evictConnection(c);
    }
  }

  private void failed(String what, Exception e) {
    failuresInARow++;
    String message = settings.instanceName() + ": " + what + ": " + describe(e);
    if (failuresInARow == 1) {
      log.warn("{}; events stay in the spool and will be retried", message);
    } else {
      log.debug("{} (failure {} in a row)", message, failuresInARow);
    }
    recordError(message, e);
    long backoff = Math.min(MAX_BACKOFF_MILLIS, MIN_BACKOFF_MILLIS << Math.min(failuresInARow - 1, 20));
    sleep(backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
  }

  private void recovered() {
    if (failuresInARow > 0) {
      log.info("{}: draining again after {} failed attempt(s)", settings.instanceName(), failuresInARow);
    }
    failuresInARow = 0;
    lastError = null;
  }

  private void recordError(String message, Throwable cause) {
    lastError = message;
    lastErrorAt = Instant.now(settings.clock());
    if (halted) {
      log.error("{}: draining stopped: {}", settings.instanceName(), message, cause);
    }
  }

  static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException s && s.getSQLState() != null) {
        return "SQLSTATE " + s.getSQLState() + ": " + firstLine(s.getMessage());
      }
    }
    return firstLine(String.valueOf(e.getMessage() == null ? e : e.getMessage()));
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private void sleep(long millis) {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (running && System.nanoTime() < until) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(50, millis)));
    }
  }

  private void closeReader() {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }

  /** Stops after the batch in flight; waits up to 30 s. */
  @Override
  public void close() {
    running = false;
    if (thread.isAlive()) {
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static final class Batch {
    final List<SpooledEvent> events;
    long lastIndex = -1;

    Batch(int capacity) {
      events = new ArrayList<>(Math.min(capacity, 16_384));
    }
  }

  private static final class HaltException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HaltException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
