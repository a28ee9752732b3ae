package io.sluice;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import com.zaxxer.hikari.HikariDataSource;
import io.sluice.internal.codec.EventEncoder;
import io.sluice.internal.drain.DrainSettings;
import io.sluice.internal.drain.Drainer;
import io.sluice.spool.Spool;
import io.sluice.spool.SpoolClosedException;
import io.sluice.spool.SpoolConfig;
import io.sluice.spool.SpoolFullException;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jdbi.v3.core.Jdbi;

/**
 * A durable event buffer in front of PostgreSQL: {@link #append} writes an event to a local spool
 * and returns in microseconds; a background drainer moves events to PostgreSQL.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li><b>Never waits on the database.</b> {@link #append} touches only the local spool.
 *   <li><b>Durable on return.</b> Once {@link #append} returns, the event survives the death of
 *       this process and is delivered when Sluice next runs on the same spool. (It does not
 *       survive an OS crash or power loss before the page cache reaches disk.)
 *   <li><b>Exactly once.</b> Each appended event becomes exactly one row, also across crashes and
 *       restarts: rows and the spool checkpoint commit in one transaction.
 *   <li><b>Order.</b> Events are committed in append order.
 * </ul>
 *
 * <p>Thread-safe: any number of threads may append at once. Close it to stop draining; events not
 * yet drained stay in the spool for the next start.
 *
 * <pre>{@code
 * try (Sluice sluice = Sluice.start(SluiceConfig.builder()
 *     .spoolDirectory(Path.of("/var/lib/sluice"))
 *     .database(DatabaseConfig.builder().host("db").user("app").password(secret).build())
 *     .build())) {
 *   sluice.append(TraceEvent.builder().traceId("t-1").eventType("task_started").build());
 * }
 * }</pre>
 */
public final class Sluice implements AutoCloseable {
  private final SluiceConfig config;
  private final Spool spool;
  private final HikariDataSource dataSource;
  private final Drainer drainer;
  private final TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();
  private final ThreadLocal<EventEncoder> encoders;
  private volatile boolean closed;

  private Sluice(SluiceConfig config, Spool spool, HikariDataSource dataSource, Drainer drainer) {
    this.config = config;
    this.spool = spool;
    this.dataSource = dataSource;
    this.drainer = drainer;
    int maxEventBytes = config.maxEventBytes();
    this.encoders = ThreadLocal.withInitial(() -> new EventEncoder(maxEventBytes));
  }

  /**
   * Opens the spool and, unless {@link SluiceConfig#drainEnabled()} is false, starts the drainer.
   * Starts even while PostgreSQL is unreachable; the drainer connects when it can.
   *
   * @throws SluiceException if the spool cannot be opened (the message names the folder)
   */
  public static Sluice start(SluiceConfig config) {
    Spool spool;
    try {
      spool =
          Spool.open(
              SpoolConfig.builder(config.spoolDirectory()).rollCycle(config.rollCycle()).build());
    } catch (io.sluice.spool.SpoolException e) {
      throw new SluiceException(e.getMessage(), e);
    }
    if (!config.drainEnabled()) {
      return new Sluice(config, spool, null, null);
    }
    HikariDataSource ds = null;
    try {
      ds = DataSources.writerPool(config.database(), config.instanceName());
      Drainer drainer = new Drainer(spool, Jdbi.create(ds), ds, drainSettings(config));
      Sluice sluice = new Sluice(config, spool, ds, drainer);
      drainer.start();
      return sluice;
    } catch (RuntimeException e) {
      if (ds != null) {
        ds.close();
      }
      spool.close();
      throw e;
    }
  }

  private static DrainSettings drainSettings(SluiceConfig c) {
    return new DrainSettings(
        c.instanceName(),
        c.maxBatchEvents(),
        c.flushInterval(),
        c.applySchema(),
        c.partitionDaysAhead(),
        c.database().maxQueriesPerConnection(),
        c.clock());
  }

  /**
   * Validates, encodes and appends one event to the spool, and returns its id: a UUIDv7 whose
   * timestamp is the time it was recorded. Thread-safe.
   *
   * @throws InvalidEventException if the event is over {@code maxEventBytes} encoded or holds a
   *     character PostgreSQL cannot store; nothing was appended
   * @throws BufferFullException if the spool is full; nothing was appended
   * @throws SluiceClosedException if this instance was closed
   */
  public UUID append(Event event) {
    Objects.requireNonNull(event, "event is null: pass a TraceEvent, RoutingDecision, ...");
    if (closed) {
      throw closedException();
    }
    UUID id = ids.generate();
    EventEncoder encoder = encoders.get();
    int length = encoder.encode(id, event);
    try {
      spool.append(encoder.buffer(), 0, length);
    } catch (SpoolClosedException e) {
      throw closedException();
    } catch (SpoolFullException e) {
      throw new BufferFullException(e.getMessage(), e);
    }
    return id;
  }

  private SluiceClosedException closedException() {
    return new SluiceClosedException(
        config.instanceName() + " is closed; start a new Sluice to append.");
  }

  /** Where this instance stands: spool, checkpoint, backlog. */
  public SluiceStatus status() {
    if (closed) {
      throw closedException();
    }
    return StatusProbe.of(
        spool,
        drainer == null ? null : drainer.committed(),
        drainer == null ? "draining is disabled in this process" : drainer.lastError(),
        config.clock());
  }

  /**
   * Waits until every event appended so far is committed, or the timeout passes.
   *
   * @return true when the backlog reached zero
   * @throws IllegalStateException if draining is disabled in this process
   */
  public boolean awaitDrained(Duration timeout) {
    if (drainer == null) {
      throw new IllegalStateException(
          config.instanceName() + " does not drain (drainEnabled is false); nothing to wait for.");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (drainer.backlog() == 0) {
        return true;
      }
      if (drainer.halted()) {
        return false;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    return drainer.backlog() == 0;
  }

  /** The spool's id. */
  public String spoolId() {
    return spool.id();
  }

  /**
   * Stops the drainer after its batch in flight, then closes the pool and the spool. Events not
   * yet drained stay in the spool. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (drainer != null) {
        drainer.close();
      }
    } finally {
      try {
        if (dataSource != null) {
          dataSource.close();
        }
      } finally {
        spool.close();
      }
    }
  }
}
