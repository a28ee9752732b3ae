package io.sluice.drill;

import io.sluice.Sluice;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.SluiceConfig;
import io.sluice.model.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One of several processes sharing a spool folder in {@link ManyProcessesDrillTest} and {@link
 * StandbyDrainerDrillTest}: a writer (appends, never drains) or a drainer (drains, never appends).
 *
 * <p>Arguments: {@code writer <spool> <gate file> <label> <events> <events per second, 0 = flat
 * out>} or {@code drainer <spool> <gate file> <stop file>}. Database from the environment. Prints
 * {@code READY} and then spins until the gate file exists, so that the test can start all of them
 * at the same instant; then {@code ID <spool id>} once Sluice started. A writer prints {@code
 * APPENDED <n>} and exits 0; a drainer prints {@code STATE <state> <epoch millis>} on every state
 * change and exits 0 after the stop file appears (closing Sluice).
 */
public final class SpoolPeerChild {
  static final String READY = "READY";
  static final String ID = "ID ";
  static final String APPENDED = "APPENDED ";
  static final String STATE = "STATE ";
  static final int MAX_BATCH_EVENTS = 500;

  private SpoolPeerChild() {}

  static SluiceConfig.Builder config(Path spool, DatabaseConfig database) {
    return SluiceConfig.builder()
        .instanceName("peer")
        .spoolDirectory(spool)
        .database(database)
        .maxBatchEvents(MAX_BATCH_EVENTS)
        .flushInterval(Duration.ofMillis(10))
        .drainLanes(DrillLanes.inChild())
        .breakerOpenDuration(Duration.ofSeconds(1));
  }

  public static void main(String[] args) throws Exception {
    CrashChild.exitWithParentOrAfter(Duration.ofMinutes(4));
    String role = args[0];
    Path spool = Path.of(args[1]);
    Path gate = Path.of(args[2]);
    DatabaseConfig database = DatabaseConfig.fromEnvironment(System.getenv()).build();
    CrashChild.say(READY);
    while (!Files.exists(gate)) {
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
    }
    if (role.equals("writer")) {
      write(spool, database, args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]));
    } else {
      drain(spool, database, Path.of(args[3]));
    }
  }

  private static void write(
      Path spool, DatabaseConfig database, String label, int events, int perSecond) {
    try (Sluice sluice = Sluice.start(config(spool, database).drainEnabled(false).build())) {
      CrashChild.say(ID + sluice.spoolId());
      long start = System.nanoTime();
      for (int i = 0; i < events; i++) {
        if (perSecond > 0) {
          long due = start + i * 1_000_000_000L / perSecond;
          while (System.nanoTime() < due) {
            LockSupport.parkNanos(due - System.nanoTime());
          }
        }
        sluice.append(
            TraceEvent.builder()
                .traceId(label + "-" + i)
                .eventType("peer_drill")
                .agentName(label)
                .message("event " + i + " of " + label)
                .build());
      }
      CrashChild.say(APPENDED + events);
    }
  }

  private static void drain(Path spool, DatabaseConfig database, Path stop) {
    Sluice sluice = Sluice.start(config(spool, database).build());
    CrashChild.say(ID + sluice.spoolId());
    String last = null;
    while (!Files.exists(stop)) {
      String state = sluice.status().drainState();
      if (!state.equals(last)) {
        CrashChild.say(STATE + state + " " + System.currentTimeMillis());
        last = state;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    sluice.close();
    CrashChild.say("CLOSED");
  }
}
