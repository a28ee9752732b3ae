package io.sluice;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import com.zaxxer.hikari.HikariDataSource;
import io.sluice.internal.codec.EventEncoder;
import io.sluice.internal.db.Pools;
import io.sluice.internal.drain.Checkpoint;
import io.sluice.internal.drain.DeadLetterSpool;
import io.sluice.internal.drain.DrainProgress;
import io.sluice.internal.drain.DrainSettings;
import io.sluice.internal.drain.Drainer;
import io.sluice.internal.drain.LastCheckpointFile;
import io.sluice.internal.drain.RetentionPolicy;
import io.sluice.internal.ops.LoggingNotice;
import io.sluice.internal.ops.Operations;
import io.sluice.internal.ops.OutsideHealth;
import io.sluice.internal.ops.RetentionJob;
import io.sluice.internal.ops.StatusFile;
import io.sluice.internal.ops.StatusPublisher;
import io.sluice.model.BufferFullException;
import io.sluice.model.CorruptedSpoolException;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.Event;
import io.sluice.model.InvalidEventException;
import io.sluice.model.OperationsConfig;
import io.sluice.model.RetentionReport;
import io.sluice.model.SluiceClosedException;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceException;
import io.sluice.model.SluiceHealth;
import io.sluice.model.SluiceStatus;
import io.sluice.query.SluiceQueries;
import io.sluice.spool.Spool;
import io.sluice.spool.SpoolClosedException;
import io.sluice.spool.SpoolFullException;
import java.nio.file.Path;
import java.time.Clock;
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
 *       this process and is delivered when Sluice next runs on the same spool. (It does not survive
 *       an OS crash or power loss before the page cache reaches disk.)
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
  private final DeadLetterSpool deadLetters;
  private final HikariDataSource dataSource;
  private final Drainer drainer;
  private final Operations ops;
  private final TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();
  private final ThreadLocal<EventEncoder> encoders;
  private volatile boolean closed;
  // Publishes this process's status for `sluice status` in other processes; set by start().
  private volatile StatusPublisher statusPublisher;

  private Sluice(
      SluiceConfig config,
      Spool spool,
      DeadLetterSpool deadLetters,
      HikariDataSource dataSource,
      Drainer drainer,
      Operations ops) {
    this.config = config;
    this.ops = ops;
    this.spool = spool;
    this.deadLetters = deadLetters;
    this.dataSource = dataSource;
    this.drainer = drainer;
    int maxEventBytes = config.maxEventBytes();
    this.encoders = ThreadLocal.withInitial(() -> new EventEncoder(maxEventBytes));
  }

  /**
   * Opens the spool and, unless {@link SluiceConfig#drainEnabled()} is false, starts the drainer.
   * Starts even while PostgreSQL is unreachable; the drainer connects when it can.
   *
   * @throws CorruptedSpoolException if the spool is damaged and {@code strictSpool} refuses it
   * @throws SluiceException if the spool cannot be opened for another reason (the message names the
   *     folder); also, before the folder is touched, when the JVM lacks the flags Chronicle Queue
   *     needs (the message lists them, the same list as the README's "JVM flags")
   */
  public static Sluice start(SluiceConfig config) {
    LoggingNotice.showIfNoProvider(System.err);
    Spool spool;
    try {
      spool = Spool.open(config.spool());
    } catch (io.sluice.spool.SpoolException e) {
      throw spoolFailure(e);
    }
    if (!config.drainEnabled()) {
      Operations ops = Operations.create(config, config.operations(), null);
      Sluice sluice = new Sluice(config, spool, null, null, null, ops);
      try {
        ops.start(null, sluice::status);
        sluice.statusPublisher = StatusPublisher.start(config, sluice::status, sluice::health);
      } catch (RuntimeException e) {
        sluice.close(); // e.g. the Prometheus port is taken: release the spool
        throw e;
      }
      return sluice;
    }
    HikariDataSource ds = null;
    DeadLetterSpool deadLetters = null;
    Operations ops = null;
    try {
      deadLetters = DeadLetterSpool.open(spool.directory());
      ds = Pools.writer(config.database(), config.instanceName());
      ops = Operations.create(config, config.operations(), ds);
      Drainer drainer =
          new Drainer(
              spool,
              deadLetters,
              Jdbi.create(ds),
              ds,
              drainSettings(config),
              ops,
              ops.retentionPolicy());
      Sluice sluice = new Sluice(config, spool, deadLetters, ds, drainer, ops);
      ops.start(drainer.progress(), sluice::status);
      drainer.start();
      sluice.statusPublisher = StatusPublisher.start(config, sluice::status, sluice::health);
      return sluice;
    } catch (RuntimeException e) {
      if (ops != null) {
        ops.close();
      }
      if (ds != null) {
        ds.close();
      }
      if (deadLetters != null) {
        deadLetters.close();
      }
      spool.close();
      throw e;
    }
  }

  private static DrainSettings drainSettings(SluiceConfig c) {
    if (c.drainLanes() > c.database().poolMaxSize() - 1) {
      throw new IllegalArgumentException(
          "drainLanes is "
              + c.drainLanes()
              + " but the database pool holds at most "
              + c.database().poolMaxSize()
              + " connections (expected at most poolMaxSize - 1 = "
              + (c.database().poolMaxSize() - 1)
              + " lanes: each lane holds a connection while it commits and the drainer needs one"
              + " for its own reads). Raise POSTGRES_POOL_MAX_SIZE or lower SLUICE_DRAIN_LANES");
    }
    return new DrainSettings(
        c.instanceName(),
        c.maxBatchEvents(),
        c.flushInterval(),
        c.applySchema(),
        c.partitionDaysAhead(),
        c.database().maxQueriesPerConnection(),
        c.breakerFailureThreshold(),
        c.breakerOpenDuration(),
        c.breakerHalfOpenSuccesses(),
        c.fatalRetryInterval(),
        c.strictSpool(),
        c.maxEventBytes(),
        c.keepCommitted(),
        c.commitDurability() == io.sluice.model.CommitDurability.REPLICATED,
        c.onLostRange() == io.sluice.model.LostRangePolicy.HALT,
        c.drainLanes(),
        c.clock());
  }

  /**
   * Validates, encodes and appends one event to the spool, and returns its id: a UUIDv7 whose
   * timestamp is the time it was recorded. Thread-safe.
   *
   * <p>When the spool is full (its byte budget or the disk's free-space reserve is reached) the
   * spool's {@link io.sluice.spool.SpoolFullPolicy} applies: {@code BLOCK} waits up to {@code
   * blockTimeout} then throws, {@code FAIL} throws at once, {@code DROP_NEWEST} drops this event,
   * counts it and returns {@code null}. Events already appended are never dropped.
   *
   * @return the event's id, or {@code null} if {@code DROP_NEWEST} dropped it
   * @throws InvalidEventException if the event is over {@code maxEventBytes} encoded or holds a
   *     character PostgreSQL cannot store; nothing was appended
   * @throws BufferFullException if the spool is full under {@code BLOCK} or {@code FAIL}; nothing
   *     was appended
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
      if (spool.append(encoder.buffer(), 0, length) == Spool.DROPPED) {
        ops.dropped();
        return null;
      }
    } catch (SpoolClosedException e) {
      throw closedException();
    } catch (SpoolFullException e) {
      throw new BufferFullException(e.getMessage(), e);
    }
    ops.appended();
    return id;
  }

  /** A damaged spool gets its own type: retrying does not help, unlike most failures. */
  private static SluiceException spoolFailure(io.sluice.spool.SpoolException e) {
    return e instanceof io.sluice.spool.SpoolCorruptedException
        ? new CorruptedSpoolException(e.getMessage(), e)
        : new SluiceException(e.getMessage(), e);
  }

  private SluiceClosedException closedException() {
    return new SluiceClosedException(
        config.instanceName() + " is closed; start a new Sluice to append.");
  }

  /**
   * Where this instance stands: spool, checkpoint, backlog. {@code appended} is counted by the
   * spool itself, so it is known from the first second. Until the drainer has read the checkpoint
   * from PostgreSQL (before the first contact, in a process that does not drain), the checkpoint
   * fields come from the last checkpoint a drainer of this spool kept beside it ({@code
   * last-checkpoint.properties}, at most about a second behind its last commit), or "nothing
   * committed" if no drainer ever committed; the backlog counts the spooled records after it.
   */
  public SluiceStatus status() {
    if (closed) {
      throw closedException();
    }
    if (drainer == null) {
      return StatusProbe.of(
          spool,
          lastKnownCheckpoint(),
          "DISABLED",
          null,
          "draining is disabled in this process",
          config.clock());
    }
    DrainProgress p = drainer.progress();
    Checkpoint cp = p.committed();
    return StatusProbe.of(
        spool,
        cp != null ? cp : lastKnownCheckpoint(),
        p.state().name(),
        p.breakerState(),
        p.lastError(),
        p.redrainedAfterRollback(),
        config.clock());
  }

  /**
   * Until PostgreSQL is read: the checkpoint the last drainer of this spool kept beside it, or
   * "nothing committed" when none ever did (a new spool; see README, health before first contact).
   */
  private Checkpoint lastKnownCheckpoint() {
    Checkpoint local = LastCheckpointFile.read(spool.directory(), spool.id());
    return local != null ? local : Checkpoint.none(spool.id());
  }

  /**
   * Where a spool stands, seen from outside the process that owns it (the spool is opened
   * read-only; a live process may be appending and draining). The checkpoint is read from {@code
   * database}; if PostgreSQL cannot be reached, the checkpoint fields are -1 and {@link
   * SluiceStatus#lastError()} says why.
   *
   * @throws CorruptedSpoolException if a cycle file is cut short (the message names it)
   * @throws SluiceException if {@code spoolDirectory} is not a spool (the message names it)
   */
  public static SluiceStatus inspect(Path spoolDirectory, DatabaseConfig database, Clock clock) {
    try (Spool spool = Spool.openReadOnly(spoolDirectory)) {
      String error = null;
      Checkpoint checkpoint = null;
      try {
        checkpoint = CheckpointReader.read(database, spool.id());
        if (checkpoint == null) {
          checkpoint = Checkpoint.none(spool.id());
        }
      } catch (SluiceException e) {
        error = e.getMessage();
      }
      long redrained = LastCheckpointFile.readRedrained(spool.directory(), spool.id());
      return StatusProbe.of(spool, checkpoint, "UNKNOWN", null, error, redrained, clock);
    } catch (io.sluice.spool.SpoolException e) {
      throw spoolFailure(e);
    }
  }

  /**
   * The health of a spool seen from another process, such as {@code sluice health}: from the spool
   * (opened read-only), the checkpoint in {@code database} (a connectivity probe), and the status
   * file a running Sluice publishes in the spool folder. The rules are those of {@link
   * SluiceHealth}, plus: UNHEALTHY when PostgreSQL cannot be read from here; DEGRADED when events
   * wait and no live process drains the spool. Pool use, query counts, uptime and recovery attempts
   * are known only inside the running process: {@code null} or zero here.
   *
   * @param operations supplies {@code maxUndrainedAge} and {@code poolExhaustionThreshold}
   * @throws SluiceException if {@code spoolDirectory} is not a spool (the message names it)
   */
  public static SluiceHealth inspectHealth(
      Path spoolDirectory, DatabaseConfig database, OperationsConfig operations, Clock clock) {
    SluiceStatus status = inspect(spoolDirectory, database, clock);
    return OutsideHealth.of(
        status, StatusFile.readAll(spoolDirectory.toAbsolutePath().normalize()), operations, clock);
  }

  /**
   * Applies retention once to {@code database} without starting a drainer (e.g. from {@code sluice
   * retention apply}): the same job as {@link #applyRetention(boolean)}, on a short-lived pool of
   * its own; unless {@code dryRun}, it also creates the partitions of the coming {@link
   * SluiceConfig#DEFAULT_PARTITION_DAYS_AHEAD} days. Safe while a Sluice drains the same database
   * (an advisory lock keeps two runs apart). Failures are in {@link RetentionReport#errors()}, not
   * thrown: a database that cannot be reached is one error line.
   *
   * @param operations supplies the retention days of each kind
   * @param dryRun list what would be removed, change nothing
   */
  public static RetentionReport applyRetention(
      DatabaseConfig database, OperationsConfig operations, boolean dryRun) {
    String name = SluiceConfig.DEFAULT_INSTANCE_NAME + "-retention";
    try (HikariDataSource ds = Pools.writer(database, name)) {
      return new RetentionJob(
              Jdbi.create(ds),
              new RetentionPolicy(operations),
              Clock.systemUTC(),
              name,
              SluiceConfig.DEFAULT_PARTITION_DAYS_AHEAD,
              null)
          .run(dryRun);
    }
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
      if (drainer.progress().backlog() == 0) {
        return true;
      }
      if (drainer.progress().isStopped()) {
        return false;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    return drainer.progress().backlog() == 0;
  }

  /** The spool's id. */
  public String spoolId() {
    return spool.id();
  }

  /** This instance's name ({@link SluiceConfig#instanceName()}): the prefix of its metrics. */
  public String instanceName() {
    return config.instanceName();
  }

  /**
   * The Dropwizard registry holding this instance's metrics, {@code
   * sluice.<instance>.<area>.<name>} ({@link OperationsConfig#metricRegistry()}, or Sluice's own):
   * for a reporter of the host's, or for {@code sluice-micrometer}'s {@code SluiceMeterBinder}.
   * They are removed on {@link #close()}.
   */
  public MetricRegistry metricRegistry() {
    return ops.registry();
  }

  /**
   * One health snapshot: status (rules in {@link SluiceHealth}), pools, queries, breaker, errors,
   * backlog. Reads memory and the local spool only, never the database. Thread-safe.
   *
   * @throws SluiceClosedException if this instance was closed
   */
  public SluiceHealth health() {
    if (closed) {
      throw closedException();
    }
    return ops.health();
  }

  /**
   * Applies retention now: detaches and drops the day partitions past their kind's retention
   * ({@link OperationsConfig#retentionDays}) and creates the partitions ahead. Also runs on a
   * schedule ({@link OperationsConfig#retentionInterval()}).
   *
   * @param dryRun list what would be removed, change nothing
   * @throws IllegalStateException if this process does not drain (no database pool)
   */
  public RetentionReport applyRetention(boolean dryRun) {
    if (closed) {
      throw closedException();
    }
    return ops.applyRetention(dryRun);
  }

  /**
   * The query API, on its own small read pool (opened on first use, closed with this instance),
   * separate from the drainer's so reads never starve writes.
   */
  public SluiceQueries queries() {
    if (closed) {
      throw closedException();
    }
    return ops.queries();
  }

  /**
   * Stops the drainer after its batch in flight, then closes the pool and the spool. Events not yet
   * drained stay in the spool. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (statusPublisher != null) {
        statusPublisher.close(); // deletes the status file: this process no longer runs Sluice
      }
      ops.close(); // first: stops the loops that use the pool, removes the metrics
      if (drainer != null) {
        drainer.close();
      }
    } finally {
      try {
        if (dataSource != null) {
          dataSource.close();
        }
      } finally {
        if (deadLetters != null) {
          deadLetters.close();
        }
        spool.close();
      }
    }
  }
}
