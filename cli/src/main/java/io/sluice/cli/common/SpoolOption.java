package io.sluice.cli.common;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --spool DIR} option every command shares (a picocli mixin). */
public final class SpoolOption {
  static final String ENV = "SLUICE_SPOOL_DIR";
  static final Path DEFAULT = Path.of(".sluice", "spool");

  @Option(
      names = "--spool",
      paramLabel = "DIR",
      description = "Spool folder (default: .sluice/spool, or env " + ENV + ").")
  public Path spool;

  /** The option, else {@code SLUICE_SPOOL_DIR}, else {@code .sluice/spool}; absolute. */
  public Path resolve(Map<String, String> env) {
    Path dir = spool;
    if (dir == null) {
      String fromEnv = env.get(ENV);
      dir = fromEnv == null || fromEnv.isBlank() ? DEFAULT : Path.of(fromEnv);
    }
    return dir.toAbsolutePath().normalize();
  }
}
