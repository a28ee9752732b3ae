package io.sluice.drill;

import io.sluice.Sluice;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceStatus;
import io.sluice.model.TraceEvent;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The process {@link SecretsDrillTest} runs and whose whole output it scans for the password: a
 * Sluice configured only from the environment ({@code SLUICE_JDBC_URL}, {@code POSTGRES_USER},
 * {@code POSTGRES_PASSWORD} or {@code POSTGRES_PASSWORD_FILE}, {@code SLUICE_SPOOL_DIR}), run at
 * full log verbosity.
 *
 * <p>Argument {@code drain}: appends 100 events, waits for them to be committed, prints the status
 * and {@code DRAINED}. Argument {@code refused}: appends, waits until the drainer reports an error,
 * prints the status and {@code REFUSED}. A bad configuration makes it die of the exception (exit
 * code 1), as an application would.
 */
public final class SecretsChild {
  private SecretsChild() {}

  public static void main(String[] args) {
    CrashChild.exitWithParentOrAfter(Duration.ofMinutes(2));
    SluiceConfig config =
        SluiceConfig.fromEnvironment(System.getenv())
            .instanceName("secrets-drill")
            .flushInterval(Duration.ofMillis(20))
            .build();
    CrashChild.say("CONFIG " + config);
    try (Sluice sluice = Sluice.start(config)) {
      for (int i = 0; i < 100; i++) {
        sluice.append(
            TraceEvent.builder().traceId("secret-" + i).eventType("secrets_drill").build());
      }
      if (args[0].equals("drain")) {
        boolean drained = sluice.awaitDrained(Duration.ofSeconds(60));
        CrashChild.say("STATUS " + sluice.status());
        CrashChild.say(drained ? "DRAINED" : "NOT DRAINED");
      } else {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        SluiceStatus s = sluice.status();
        while (s.lastError() == null && System.nanoTime() - deadline < 0) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
          s = sluice.status();
        }
        CrashChild.say("STATUS " + s);
        CrashChild.say(s.lastError() != null ? "REFUSED" : "NO ERROR");
      }
    }
    System.exit(0);
  }
}
