package io.sluice.drill;

import io.sluice.Sluice;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceException;
import java.nio.file.Path;

/**
 * Child JVM for {@link JvmFlagsDrillTest}: starts a writer-only Sluice on the spool folder {@code
 * args[0]} {@code args[1]} times, then prints {@code STARTED}; or, when start throws, prints {@code
 * REFUSED <exception class>: <message>} and exits 3.
 */
public final class StartChild {
  private StartChild() {}

  public static void main(String[] args) {
    SluiceConfig config =
        SluiceConfig.builder()
            .spoolDirectory(Path.of(args[0]))
            .database(DatabaseConfig.builder().host("localhost").build())
            .drainEnabled(false)
            .build();
    int times = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    for (int i = 0; i < times; i++) {
      try (Sluice sluice = Sluice.start(config)) {
        System.out.println("STARTED " + sluice.spoolId());
      } catch (SluiceException e) {
        System.out.println("REFUSED " + e.getClass().getName() + ": " + e.getMessage());
        System.exit(3);
      }
    }
  }
}
