package io.sluice.drill;

import io.sluice.Sluice;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.SluiceConfig;
import io.sluice.model.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One member of {@link FleetDrillTest}'s fleet: a Sluice on its own spool that appends at a steady
 * rate from one thread (recording every append that returned in an {@link AckLog}) and drains into
 * the database every member shares.
 *
 * <p>Arguments: {@code <spool> <ack dir> <run> <gate file> <events> <events per second>}. Database
 * from the environment. Prints {@code READY}, spins until the gate file exists (so the test starts
 * the whole fleet at one instant on an empty database), then {@code ID <spool id>} once Sluice
 * started, {@code DRAINING} once it committed a batch (its first {@value #FIRST_EVENTS} events are
 * appended at once, the rest paced after that commit), and, after appending all its events and
 * seeing them drained, {@code DONE} and exits 0. The test may {@code kill -9} it at any point.
 */
public final class FleetChild {
  static final String READY = "READY";
  static final String ID = "ID ";
  static final String DRAINING = "DRAINING";
  static final String DONE = "DONE";

  /**
   * Appended before waiting for this life's first commit, so that the rest of the life (the appends
   * the test's kill lands among) runs while draining, however long starting took.
   */
  static final int FIRST_EVENTS = 100;

  private FleetChild() {}

  /** Waits until this life's drainer committed a batch, then prints {@link #DRAINING}. */
  private static void awaitFirstCommit(Sluice sluice) {
    long first = -1;
    while (true) {
      long committed = sluice.status().committed();
      if (committed >= 0 && first < 0) {
        first = committed;
      } else if (first >= 0 && committed > first) {
        CrashChild.say(DRAINING);
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  static SluiceConfig config(Path spool, DatabaseConfig database) {
    return SluiceConfig.builder()
        .instanceName("fleet-drill")
        .spoolDirectory(spool)
        .database(database)
        .maxBatchEvents(500)
        .flushInterval(Duration.ofMillis(20))
        .breakerOpenDuration(Duration.ofSeconds(1))
        .build();
  }

  public static void main(String[] args) throws Exception {
    CrashChild.exitWithParentOrAfter(Duration.ofMinutes(3));
    Path spool = Path.of(args[0]);
    int run = Integer.parseInt(args[2]);
    Path gate = Path.of(args[3]);
    int events = Integer.parseInt(args[4]);
    int perSecond = Integer.parseInt(args[5]);
    DatabaseConfig database = DatabaseConfig.fromEnvironment(System.getenv()).build();
    CrashChild.say(READY);
    while (!Files.exists(gate)) {
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
    }
    try (Sluice sluice = Sluice.start(config(spool, database));
        AckLog acks = AckLog.create(AckLog.file(Path.of(args[1]), run, 0))) {
      CrashChild.say(ID + sluice.spoolId());
      long start = System.nanoTime();
      for (int seq = 0; seq < events; seq++) {
        if (seq == FIRST_EVENTS) {
          awaitFirstCommit(sluice);
          start = System.nanoTime() - seq * 1_000_000_000L / perSecond;
        }
        long due = start + seq * 1_000_000_000L / perSecond;
        while (System.nanoTime() < due) {
          LockSupport.parkNanos(due - System.nanoTime());
        }
        UUID id =
            sluice.append(
                TraceEvent.builder()
                    .traceId(CrashChild.traceId(run, 0, seq))
                    .eventType("fleet_drill")
                    .agentName("fleet-" + run)
                    .message("appended by run " + run)
                    .build());
        acks.record(seq, id);
      }
      if (!sluice.awaitDrained(Duration.ofSeconds(90))) {
        CrashChild.say("NOT DRAINED " + sluice.status());
        Runtime.getRuntime().halt(5);
      }
      CrashChild.say(DONE);
    }
  }
}
