package io.sluice.cli.common;

import io.sluice.Sluice;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceException;
import io.sluice.model.SluiceStatus;
import io.sluice.spool.DamagedSpoolFileException;
import io.sluice.spool.Spool;
import io.sluice.spool.SpoolException;
import io.sluice.spool.TruncatedCycleFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Opens spools for the commands, turning "this folder is not a usable spool" into a {@link
 * ConfigurationException} (exit code 2): the user must point {@code --spool} elsewhere or fix
 * permissions, and running again unchanged would fail the same way.
 */
public final class SpoolAccess {
  private SpoolAccess() {}

  /**
   * A config builder from the environment ({@link SluiceConfig#fromEnvironment}: SLUICE_* knobs and
   * the database variables), with the spool folder the command resolved.
   *
   * @throws ConfigurationException naming the variable whose value is bad
   */
  public static SluiceConfig.Builder config(Map<String, String> env, Path spoolDirectory) {
    try {
      return SluiceConfig.fromEnvironment(env).spoolDirectory(spoolDirectory);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("Bad setting in the environment: " + e.getMessage(), e);
    }
  }

  /**
   * {@link Sluice#start}: it fails only on the spool (a database that cannot be reached is retried
   * by the drainer), so every failure here is a configuration error.
   */
  public static Sluice start(SluiceConfig config) {
    refuseFile(config.spoolDirectory());
    try {
      return Sluice.start(config);
    } catch (SluiceException e) {
      throw new ConfigurationException(e.getMessage(), e);
    }
  }

  /**
   * Opens the spool for writing and closes it again, as any writer would: creates it in a missing
   * or empty folder (a drainer started before the application, the sidecar deployment; several
   * processes may do this at once) and moves a truncated cycle file to {@code quarantine/}. Then
   * the read-only look that follows ({@link #inspect}) finds a spool it can read.
   */
  public static void openWritable(SluiceConfig config) {
    refuseFile(config.spoolDirectory());
    try {
      Spool.open(config.spool()).close();
    } catch (TruncatedCycleFileException e) {
      // strict mode refuses a truncated file: damage, not a usage error (exit 1, like verify)
      throw new CommandFailedException(ErrorReporter.oneLine(e.getMessage()), e);
    } catch (SpoolException e) {
      throw new ConfigurationException(ErrorReporter.oneLine(e.getMessage()), e);
    }
  }

  /**
   * {@link Sluice#inspect}: the spool must exist; a database that cannot be read leaves the
   * checkpoint fields unknown (-1) and says why in {@link SluiceStatus#lastError()}.
   */
  public static SluiceStatus inspect(Path spoolDirectory, DatabaseConfig database) {
    refuseFile(spoolDirectory);
    try {
      return Sluice.inspect(spoolDirectory, database, Clock.systemUTC());
    } catch (SluiceException e) {
      if (e.getCause() instanceof DamagedSpoolFileException) {
        throw new DamagedSpoolException(ErrorReporter.oneLine(e.getMessage()), e);
      }
      throw new ConfigurationException(e.getMessage(), e);
    }
  }

  /** The spool has a damaged file: exit 1 (like `verify` finding damage), naming it. */
  public static final class DamagedSpoolException extends CommandFailedException {
    private static final long serialVersionUID = 1L;

    DamagedSpoolException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  // Core reports a file as "the folder does not exist", which sends the user looking for a folder.
  private static void refuseFile(Path spoolDirectory) {
    if (Files.isRegularFile(spoolDirectory)) {
      throw new ConfigurationException(
          "Not a spool: "
              + spoolDirectory.toAbsolutePath()
              + " is a file (expected a spool"
              + " folder). Point --spool or SLUICE_SPOOL_DIR at a spool folder.");
    }
  }
}
