package io.sluice.spool;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Immutable settings of one {@link Spool}. Made by {@link #builder(Path)}, which rejects a bad value
 * at once, naming the field and the allowed range.
 */
public final class SpoolConfig {
  /** Default roll cycle: one file an hour. */
  public static final RollCycle DEFAULT_ROLL_CYCLE = RollCycle.HOURLY;

  private final Path directory;
  private final RollCycle rollCycle;

  private SpoolConfig(Builder b) {
    this.directory = b.directory;
    this.rollCycle = b.rollCycle;
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

  @Override
  public String toString() {
    return "SpoolConfig{directory=" + directory + ", rollCycle=" + rollCycle + '}';
  }

  /** Builds a {@link SpoolConfig}; not thread-safe. */
  public static final class Builder {
    private final Path directory;
    private RollCycle rollCycle = DEFAULT_ROLL_CYCLE;

    private Builder(Path directory) {
      this.directory =
          Objects.requireNonNull(directory, "spool directory is null: name the folder to keep it in")
              .toAbsolutePath()
              .normalize();
    }

    public Builder rollCycle(RollCycle rollCycle) {
      this.rollCycle = Objects.requireNonNull(rollCycle, "rollCycle is null");
      return this;
    }

    public SpoolConfig build() {
      return new SpoolConfig(this);
    }
  }
}
