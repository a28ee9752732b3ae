package io.sluice.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.sluice.Sluice;
import io.sluice.model.BufferFullException;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceStatus;
import io.sluice.spool.SpoolConfig;
import io.sluice.spool.SpoolFullPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Logback appender that turns each log event into a Sluice {@link io.sluice.TraceEvent} (see
 * {@link LogEventMapper} for the fields) and appends it to an in-process {@link Sluice} of its own:
 * the application keeps its log files and gets the same events durably in PostgreSQL, drained in
 * the background like any Sluice events.
 *
 * <pre>{@code
 * <appender name="SLUICE" class="io.sluice.logback.SluiceAppender">
 *   <spoolDirectory>/var/lib/app/sluice-logs</spoolDirectory>  <!-- required, its own spool -->
 *   <jdbcUrl>jdbc:postgresql://db:5432/app</jdbcUrl>          <!-- else SLUICE_JDBC_URL, POSTGRES_* -->
 *   <traceIdKey>traceId</traceIdKey> <agentKey>agent</agentKey> <taskKey>task</taskKey>
 *   <mdcKeys>user,request_id</mdcKeys>                          <!-- more MDC into metadata; * = all -->
 * </appender>
 * }</pre>
 *
 * <h2>Never blocks, never throws into the logging call</h2>
 *
 * {@code append} touches only the local spool (about a microsecond). When the spool is full (its
 * byte budget or the disk's reserve) the full policy applies: {@code drop_newest} (default) or
 * {@code fail}; both refuse the event at once, and it is counted in {@link #getDroppedEvents()}.
 * {@code block} is refused at start because it would make logging calls wait. Any other failure (an
 * event the model refuses, a closed Sluice) is counted in {@link #getFailedEvents()} and reported
 * once per episode on Logback's status channel, never thrown. Events from Sluice's own loggers and
 * its libraries ({@link #DEFAULT_EXCLUDED}), and any event logged on one of this appender's Sluice
 * threads (named {@code <instanceName>-...}), are skipped, so the appender never feeds itself (a
 * drainer that logs each commit would otherwise keep its own spool busy forever). If Sluice cannot
 * start (a bad setting, an unusable spool folder), the appender reports why on the status channel
 * and stays stopped: logging goes on without it.
 *
 * <p>Thread-safe: Logback calls {@code append} from any thread without a lock.
 */
public final class SluiceAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  /** Logger name prefixes never appended: Sluice itself and the libraries it logs through. */
  public static final List<String> DEFAULT_EXCLUDED =
      List.of(
          "io.sluice.",
          "com.zaxxer.hikari.",
          "org.flywaydb.",
          "net.openhft.",
          "org.jdbi.",
          "org.postgresql.",
          "io.github.resilience4j.");

  private static final ThreadLocal<Boolean> APPENDING = ThreadLocal.withInitial(() -> false);

  private String spoolDirectory;
  private String jdbcUrl;
  private String user;
  private String passwordFile;
  private String instanceName = "logs";
  private String fullPolicy = "drop_newest";
  private long maxSpoolBytes = -1;
  private boolean drain = true;
  private String traceIdKey = "traceId";
  private String agentKey = "agent";
  private String taskKey = "task";
  private String mdcKeys = "";
  private String eventType = "log";
  private String defaultTraceId = "-";

  private volatile Sluice sluice;
  private LogEventMapper mapper;
  private final LongAdder appended = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final AtomicBoolean fullEpisode = new AtomicBoolean();
  private final AtomicBoolean failureEpisode = new AtomicBoolean();

  @Override
  public void start() {
    if (isStarted()) {
      return;
    }
    try {
      mapper =
          new LogEventMapper(
              traceIdKey, agentKey, taskKey, split(mdcKeys), eventType, defaultTraceId);
      sluice = Sluice.start(config());
      super.start();
    } catch (RuntimeException e) {
      addError(
          "Sluice appender ["
              + getName()
              + "] not started: "
              + e.getMessage()
              + " Logging continues without it.",
          e);
    }
  }

  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    super.stop();
    Sluice s = sluice;
    if (s != null) {
      try {
        s.close(); // undrained events stay in the spool and drain at the next start
      } catch (RuntimeException e) {
        addWarn("Sluice appender [" + getName() + "]: closing: " + e.getMessage(), e);
      }
    }
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (APPENDING.get() || excluded(event.getLoggerName()) || ownThread(event.getThreadName())) {
      return; // a log line written while appending, or Sluice's own: never feed ourselves
    }
    APPENDING.set(true);
    try {
      Sluice s = sluice;
      if (s == null) {
        return;
      }
      if (s.append(mapper.map(event)) == null) {
        full("the spool is full (drop_newest dropped the event)");
      } else {
        appended.increment();
        fullEpisode.set(false);
        failureEpisode.set(false);
      }
    } catch (BufferFullException e) {
      full(e.getMessage());
    } catch (RuntimeException | Error e) {
      // An Error too (e.g. out of memory while encoding): the logging call must return normally.
      failed.increment();
      if (failureEpisode.compareAndSet(false, true)) {
        addWarn(
            "Sluice appender ["
                + getName()
                + "]: an event was not appended (counted in"
                + " failedEvents; reported once until an event succeeds): "
                + e);
      }
    } finally {
      APPENDING.set(false);
    }
  }

  private void full(String why) {
    dropped.increment();
    if (fullEpisode.compareAndSet(false, true)) {
      addWarn(
          "Sluice appender ["
              + getName()
              + "]: "
              + why
              + " (counted in droppedEvents;"
              + " reported once until an event is appended again).");
    }
  }

  private boolean ownThread(String thread) {
    return thread != null && thread.startsWith(instanceName + "-");
  }

  private static boolean excluded(String logger) {
    if (logger == null) {
      return false;
    }
    for (String prefix : DEFAULT_EXCLUDED) {
      if (logger.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  SluiceConfig config() {
    if (spoolDirectory == null || spoolDirectory.isBlank()) {
      throw new IllegalArgumentException(
          "spoolDirectory is not set (expected a folder of its own for the log spool). Add"
              + " <spoolDirectory>/var/lib/app/sluice-logs</spoolDirectory>.");
    }
    SpoolFullPolicy policy = policy(fullPolicy);
    SpoolConfig.Builder spool = SpoolConfig.builder(Path.of(spoolDirectory)).fullPolicy(policy);
    if (maxSpoolBytes > 0) {
      spool.maxSpoolBytes(maxSpoolBytes);
    }
    DatabaseConfig.Builder db = DatabaseConfig.fromEnvironment(System.getenv());
    if (jdbcUrl != null && !jdbcUrl.isBlank()) {
      db.jdbcUrl(jdbcUrl);
    }
    if (user != null && !user.isBlank()) {
      db.user(user);
    }
    if (passwordFile != null && !passwordFile.isBlank()) {
      db.password(readPassword(Path.of(passwordFile)));
    }
    return SluiceConfig.builder()
        .instanceName(instanceName)
        .spool(spool.build())
        .database(db.build())
        .drainEnabled(drain)
        .build();
  }

  private static SpoolFullPolicy policy(String name) {
    String p = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return switch (p) {
      case "drop_newest" -> SpoolFullPolicy.DROP_NEWEST;
      case "fail" -> SpoolFullPolicy.FAIL;
      case "block" ->
          throw new IllegalArgumentException(
              "fullPolicy is block (expected drop_newest or fail): block would make logging calls"
                  + " wait for the spool. Use drop_newest.");
      default ->
          throw new IllegalArgumentException(
              "fullPolicy is \"" + name + "\" (expected drop_newest or fail).");
    };
  }

  private static String readPassword(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read passwordFile "
              + file
              + ": "
              + e
              + " (expected a readable file holding the password).",
          e);
    }
  }

  private static List<String> split(String csv) {
    List<String> keys = new ArrayList<>();
    Arrays.stream(csv == null ? new String[0] : csv.split(","))
        .map(String::trim)
        .filter(k -> !k.isEmpty())
        .forEach(keys::add);
    return keys;
  }

  /** Events appended to the spool since start. */
  public long getAppendedEvents() {
    return appended.sum();
  }

  /** Events refused because the spool was full (policy drop_newest or fail). */
  public long getDroppedEvents() {
    return dropped.sum();
  }

  /** Events not appended for any other reason (reported on Logback's status channel). */
  public long getFailedEvents() {
    return failed.sum();
  }

  /** Where this appender's spool stands, e.g. its backlog; {@code null} when not started. */
  public SluiceStatus status() {
    Sluice s = sluice;
    return s == null || !isStarted() ? null : s.status();
  }

  /** The in-process Sluice, for {@code awaitDrained} or {@code health}; null when not started. */
  public Sluice sluice() {
    return isStarted() ? sluice : null;
  }

  // Settings, read by Logback from logback.xml (<spoolDirectory>...</spoolDirectory>, ...).

  public void setSpoolDirectory(String spoolDirectory) {
    this.spoolDirectory = spoolDirectory;
  }

  public void setJdbcUrl(String jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
  }

  public void setUser(String user) {
    this.user = user;
  }

  /** A file holding the password (never the password itself in logback.xml). */
  public void setPasswordFile(String passwordFile) {
    this.passwordFile = passwordFile;
  }

  /** Names the Sluice's threads and log lines; default {@code logs}. */
  public void setInstanceName(String instanceName) {
    this.instanceName = instanceName;
  }

  /** {@code drop_newest} (default) or {@code fail}. */
  public void setFullPolicy(String fullPolicy) {
    this.fullPolicy = fullPolicy;
  }

  /** Byte budget of the log spool; default Sluice's (10 GiB). */
  public void setMaxSpoolBytes(long maxSpoolBytes) {
    this.maxSpoolBytes = maxSpoolBytes;
  }

  /** Drain in this process (default true); false when another process drains the log spool. */
  public void setDrain(boolean drain) {
    this.drain = drain;
  }

  public void setTraceIdKey(String traceIdKey) {
    this.traceIdKey = traceIdKey;
  }

  public void setAgentKey(String agentKey) {
    this.agentKey = agentKey;
  }

  public void setTaskKey(String taskKey) {
    this.taskKey = taskKey;
  }

  /** Comma-separated MDC keys copied into the metadata; {@code *} for every entry. */
  public void setMdcKeys(String mdcKeys) {
    this.mdcKeys = mdcKeys;
  }

  /** The trace events' event_type; default {@code log}. */
  public void setEventType(String eventType) {
    this.eventType = eventType;
  }

  /** trace_id of events without one in the MDC; default {@code -}. */
  public void setDefaultTraceId(String defaultTraceId) {
    this.defaultTraceId = defaultTraceId;
  }
}
