package io.sluice.spool;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of one {@link Spool}. Made by {@link #builder(Path)}, which rejects a bad
 * value at once, naming the field and the allowed range.
 *
 * <table>
 *   <caption>Knobs</caption>
 *   <tr><th>Knob</th><th>Meaning</th><th>Unit</th><th>Default</th><th>Range</th></tr>
 *   <tr><td>{@link #rollCycle()}</td><td>how often a new cycle file starts (fixed at creation)</td>
 *       <td>-</td><td>{@code HOURLY}</td><td>{@link RollCycle}</td></tr>
 *   <tr><td>{@link #maxSpoolBytes()}</td><td>bytes the cycle files may hold</td><td>bytes</td>
 *       <td>10 GiB</td><td>1 MiB .. 2^63-1</td></tr>
 *   <tr><td>{@link #minFreeDiskBytes()}</td><td>free space the file system must keep</td>
 *       <td>bytes</td><td>512 MiB</td><td>128 MiB .. 2^63-1</td></tr>
 *   <tr><td>{@link #fullPolicy()}</td><td>what an append does when either limit is reached</td>
 *       <td>-</td><td>{@code BLOCK}</td><td>{@link SpoolFullPolicy}</td></tr>
 *   <tr><td>{@link #blockTimeout()}</td><td>longest wait of a blocked append</td><td>time</td>
 *       <td>5 s</td><td>1 ms .. 1 h</td></tr>
 *   <tr><td>{@link #syncPolicy()}</td><td>when records are forced to the device</td><td>-</td>
 *       <td>{@code INTERVAL}</td><td>{@link SyncPolicy}</td></tr>
 *   <tr><td>{@link #syncInterval()}</td><td>{@code INTERVAL}: longest time between syncs</td>
 *       <td>time</td><td>1 s</td><td>1 ms .. 1 h</td></tr>
 *   <tr><td>{@link #syncEveryEvents()}</td><td>{@code INTERVAL}: also sync after this many
 *       appends; 0 = by time only</td><td>records</td><td>0</td><td>0 .. 2^31-1</td></tr>
 * </table>
 */
public final class SpoolConfig {
  /** Default roll cycle: one file an hour. */
  public static final RollCycle DEFAULT_ROLL_CYCLE = RollCycle.HOURLY;

  public static final long DEFAULT_MAX_SPOOL_BYTES = 10L << 30;
  public static final long MIN_MAX_SPOOL_BYTES = 1L << 20;
  public static final long DEFAULT_MIN_FREE_DISK_BYTES = 512L << 20;

  /**
   * Chronicle grows a cycle file 64 MiB at a time and corrupts records when the disk fills (see
   * {@link SpoolFullException}), so the reserve is at least two such blocks.
   */
  public static final long MIN_MIN_FREE_DISK_BYTES = 2 * (64L << 20);

  public static final Duration DEFAULT_BLOCK_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Default sync policy: {@link SyncPolicy#INTERVAL}, so an OS crash or power loss loses at most
   * about {@link #DEFAULT_SYNC_INTERVAL} of acknowledged events (not the ~30 s of dirty pages
   * {@code NONE} may lose), for a cost to {@code append} within the noise of {@code
   * SyncPolicyBenchmark}: the fdatasync runs on the spool's background thread.
   */
  public static final SyncPolicy DEFAULT_SYNC_POLICY = SyncPolicy.INTERVAL;

  public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(1);
  static final Duration DEFAULT_SPACE_CHECK_INTERVAL = Duration.ofMillis(100);
  private static final Duration MIN_DURATION = Duration.ofMillis(1);
  private static final Duration MAX_DURATION = Duration.ofHours(1);

  private final Path directory;
  private final RollCycle rollCycle;
  private final long maxSpoolBytes;
  private final long minFreeDiskBytes;
  private final SpoolFullPolicy fullPolicy;
  private final Duration blockTimeout;
  private final SyncPolicy syncPolicy;
  private final Duration syncInterval;
  private final int syncEveryEvents;
  private final boolean refuseTruncatedFiles;
  private final FreeSpaceProbe freeSpaceProbe;
  private final Duration spaceCheckInterval;
  private final net.openhft.chronicle.queue.RollCycle chronicleRollCycle;
  private final Clock clock;

  private SpoolConfig(Builder b) {
    this.directory = b.directory;
    this.rollCycle = b.rollCycle;
    this.maxSpoolBytes = b.maxSpoolBytes;
    this.minFreeDiskBytes = b.minFreeDiskBytes;
    this.fullPolicy = b.fullPolicy;
    this.blockTimeout = b.blockTimeout;
    this.syncPolicy = b.syncPolicy;
    this.syncInterval = b.syncInterval;
    this.syncEveryEvents = b.syncEveryEvents;
    this.refuseTruncatedFiles = b.refuseTruncatedFiles;
    this.freeSpaceProbe = b.freeSpaceProbe;
    this.spaceCheckInterval = b.spaceCheckInterval;
    this.chronicleRollCycle = b.chronicleRollCycle;
    this.clock = b.clock;
  }

  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /** The folder that holds the spool's cycle files; created owner-only if missing. */
  public Path directory() {
    return directory;
  }

  /** How often a new cycle file starts; used only when the spool is created. */
  public RollCycle rollCycle() {
    return rollCycle;
  }

  /**
   * Bytes the spool's cycle files may hold (bytes written, not the sparse size {@code ls} shows).
   */
  public long maxSpoolBytes() {
    return maxSpoolBytes;
  }

  /** Bytes the spool's file system must keep free; appends stop before crossing it. */
  public long minFreeDiskBytes() {
    return minFreeDiskBytes;
  }

  public SpoolFullPolicy fullPolicy() {
    return fullPolicy;
  }

  /** With {@link SpoolFullPolicy#BLOCK}: how long an append waits for room before it throws. */
  public Duration blockTimeout() {
    return blockTimeout;
  }

  public SyncPolicy syncPolicy() {
    return syncPolicy;
  }

  /** With {@link SyncPolicy#INTERVAL}: the longest time between two syncs while appending. */
  public Duration syncInterval() {
    return syncInterval;
  }

  /** With {@link SyncPolicy#INTERVAL}: sync after this many appends too; 0 means by time only. */
  public int syncEveryEvents() {
    return syncEveryEvents;
  }

  /**
   * On opening, refuse a truncated cycle file (true) instead of moving it to {@code quarantine/}
   * (false, the default). See {@link Spool#open}.
   */
  public boolean refuseTruncatedFiles() {
    return refuseTruncatedFiles;
  }

  FreeSpaceProbe freeSpaceProbe() {
    return freeSpaceProbe;
  }

  Duration spaceCheckInterval() {
    return spaceCheckInterval;
  }

  /** A Chronicle roll cycle that overrides {@link #rollCycle()}; tests only, else null. */
  net.openhft.chronicle.queue.RollCycle chronicleRollCycle() {
    return chronicleRollCycle;
  }

  /** The clock Chronicle rolls cycle files by; null for the system clock (tests set one). */
  Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "SpoolConfig{directory="
        + directory
        + ", rollCycle="
        + rollCycle
        + ", maxSpoolBytes="
        + maxSpoolBytes
        + ", minFreeDiskBytes="
        + minFreeDiskBytes
        + ", fullPolicy="
        + fullPolicy
        + ", blockTimeout="
        + blockTimeout
        + ", syncPolicy="
        + syncPolicy
        + ", syncInterval="
        + syncInterval
        + ", syncEveryEvents="
        + syncEveryEvents
        + '}';
  }

  /** Builds a {@link SpoolConfig}; each setter rejects a bad value at once. Not thread-safe. */
  public static final class Builder {
    private final Path directory;
    private RollCycle rollCycle = DEFAULT_ROLL_CYCLE;
    private long maxSpoolBytes = DEFAULT_MAX_SPOOL_BYTES;
    private long minFreeDiskBytes = DEFAULT_MIN_FREE_DISK_BYTES;
    private SpoolFullPolicy fullPolicy = SpoolFullPolicy.BLOCK;
    private Duration blockTimeout = DEFAULT_BLOCK_TIMEOUT;
    private SyncPolicy syncPolicy = DEFAULT_SYNC_POLICY;
    private Duration syncInterval = DEFAULT_SYNC_INTERVAL;
    private int syncEveryEvents;
    private boolean refuseTruncatedFiles;
    private FreeSpaceProbe freeSpaceProbe = FreeSpaceProbe.FILE_STORE;
    private Duration spaceCheckInterval = DEFAULT_SPACE_CHECK_INTERVAL;
    private net.openhft.chronicle.queue.RollCycle chronicleRollCycle;
    private Clock clock;

    private Builder(Path directory) {
      this.directory =
          Objects.requireNonNull(
                  directory, "spool directory is null: name the folder to keep it in")
              .toAbsolutePath()
              .normalize();
    }

    public Builder rollCycle(RollCycle rollCycle) {
      this.rollCycle = Objects.requireNonNull(rollCycle, "rollCycle is null");
      return this;
    }

    /**
     * Bytes the spool's cycle files may hold, counted as bytes written into them. Default 10 GiB,
     * at least 1 MiB (a cycle file's headers and index take tens of KiB before any record).
     */
    public Builder maxSpoolBytes(long bytes) {
      this.maxSpoolBytes =
          inRange(
              "maxSpoolBytes",
              bytes,
              MIN_MAX_SPOOL_BYTES,
              Long.MAX_VALUE,
              "Give the spool room for at least one cycle file");
      return this;
    }

    /**
     * Free bytes the spool's file system must keep: appends are refused before crossing it, because
     * Chronicle Queue corrupts records when the disk fills. Default 512 MiB, at least 128 MiB (two
     * of the 64 MiB blocks a cycle file grows by).
     */
    public Builder minFreeDiskBytes(long bytes) {
      this.minFreeDiskBytes =
          inRange(
              "minFreeDiskBytes",
              bytes,
              MIN_MIN_FREE_DISK_BYTES,
              Long.MAX_VALUE,
              "A smaller reserve risks a full disk, which corrupts the spool");
      return this;
    }

    /** What an append does when the budget or the reserve is reached. Default {@code BLOCK}. */
    public Builder fullPolicy(SpoolFullPolicy policy) {
      this.fullPolicy =
          Objects.requireNonNull(policy, "fullPolicy is null: choose a SpoolFullPolicy");
      return this;
    }

    /**
     * How long a blocked append waits for room (policy {@code BLOCK}). Default 5 s, 1 ms .. 1 h.
     */
    public Builder blockTimeout(Duration timeout) {
      this.blockTimeout = inRange("blockTimeout", timeout);
      return this;
    }

    /** When appended records are forced to the device. Default {@code NONE}. */
    public Builder syncPolicy(SyncPolicy policy) {
      this.syncPolicy = Objects.requireNonNull(policy, "syncPolicy is null: choose a SyncPolicy");
      return this;
    }

    /** Longest time between syncs (policy {@code INTERVAL}). Default 1 s, 1 ms .. 1 h. */
    public Builder syncInterval(Duration interval) {
      this.syncInterval = inRange("syncInterval", interval);
      return this;
    }

    /**
     * Also sync after this many appends (policy {@code INTERVAL}); the append that completes the
     * count waits for the sync. Default 0 (by time only), at most 2^31-1.
     */
    public Builder syncEveryEvents(int events) {
      this.syncEveryEvents =
          (int)
              inRange(
                  "syncEveryEvents", events, 0, Integer.MAX_VALUE, "Use 0 to sync by time only");
      return this;
    }

    /**
     * Refuse to open a spool with a truncated cycle file (strict) instead of quarantining the file
     * and going on without its records (default).
     */
    public Builder refuseTruncatedFiles(boolean refuse) {
      this.refuseTruncatedFiles = refuse;
      return this;
    }

    /** Replaces the free-space measurement; tests only. */
    Builder freeSpaceProbe(FreeSpaceProbe probe) {
      this.freeSpaceProbe = Objects.requireNonNull(probe, "freeSpaceProbe is null");
      return this;
    }

    /** How often free space and used bytes are measured. Default 100 ms, 1 ms .. 1 h. */
    Builder spaceCheckInterval(Duration interval) {
      this.spaceCheckInterval = inRange("spaceCheckInterval", interval);
      return this;
    }

    /**
     * Overrides the roll cycle with any Chronicle one (such as a secondly test cycle); tests only.
     */
    Builder chronicleRollCycle(net.openhft.chronicle.queue.RollCycle cycle) {
      this.chronicleRollCycle = Objects.requireNonNull(cycle, "chronicleRollCycle is null");
      return this;
    }

    /** The clock cycle files roll by; tests only. */
    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock is null");
      return this;
    }

    public SpoolConfig build() {
      return new SpoolConfig(this);
    }

    private static long inRange(String name, long value, long min, long max, String hint) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            name + " is " + value + " (expected " + min + " to " + max + "). " + hint + ".");
      }
      return value;
    }

    private static Duration inRange(String name, Duration value) {
      Objects.requireNonNull(value, name + " is null");
      if (value.compareTo(MIN_DURATION) < 0 || value.compareTo(MAX_DURATION) > 0) {
        throw new IllegalArgumentException(
            name
                + " is "
                + value
                + " (expected "
                + MIN_DURATION
                + " to "
                + MAX_DURATION
                + "). Choose a duration in that range.");
      }
      return value;
    }
  }
}
