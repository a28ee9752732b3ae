package io.sluice.cli;

import io.sluice.DatabaseConfig;
import io.sluice.Sluice;
import io.sluice.SluiceConfig;
import io.sluice.SluiceException;
import io.sluice.SluiceStatus;
import io.sluice.spool.DamagedSpoolFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Opens spools for the commands, turning "this folder is not a usable spool" into a {@link
 * ConfigurationException} (exit code 2): the user must point {@code --spool} elsewhere or fix
 * permissions, and running again unchanged would fail the same way.
 */
final class SpoolAccess {
  private SpoolAccess() {}

  /**
   * A config builder from the environment ({@link SluiceConfig#fromEnvironment}: SLUICE_* knobs and
   * the database variables), with the spool folder the command resolved.
   *
   * @throws ConfigurationException naming the variable whose value is bad
   */
  static SluiceConfig.Builder config(Map<String, String> env, Path spoolDirectory) {
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
  static Sluice start(SluiceConfig config) {
    refuseFile(config.spoolDirectory());
    try {
      return Sluice.start(config);
    } catch (SluiceException e) {
      throw new ConfigurationException(e.getMessage(), e);
    }
  }

  /**
   * {@link Sluice#inspect}: the spool must exist; a database that cannot be read leaves the
   * checkpoint fields unknown (-1) and says why in {@link SluiceStatus#lastError()}.
   */
  static SluiceStatus inspect(Path spoolDirectory, DatabaseConfig database) {
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
  static final class DamagedSpoolException extends CommandFailedException {
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
