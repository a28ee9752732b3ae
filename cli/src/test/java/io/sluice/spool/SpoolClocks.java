package io.sluice.spool;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Reaches the spool's test-only clock from the CLI tests (same package, test classpath): a spool
 * whose clock is set hours back writes to an older cycle file, which is how the tests get a spool
 * with several cycle files without waiting an hour.
 */
public final class SpoolClocks {
  private SpoolClocks() {}

  public static SpoolConfig withClock(Path directory, Clock clock) {
    return SpoolConfig.builder(directory).clock(clock).build();
  }
}
