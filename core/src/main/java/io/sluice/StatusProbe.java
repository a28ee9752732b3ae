package io.sluice;

import io.sluice.internal.codec.EventDecoder;
import io.sluice.internal.drain.Checkpoint;
import io.sluice.model.BreakerState;
import io.sluice.model.SluiceStatus;
import io.sluice.model.SpooledEvent;
import io.sluice.spool.Spool;
import io.sluice.spool.SpoolReader;
import io.sluice.spool.SpoolRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Computes a {@link SluiceStatus} from a spool and a checkpoint (which may be unknown). */
final class StatusProbe {
  private StatusProbe() {}

  static SluiceStatus of(
      Spool spool,
      Checkpoint checkpoint,
      String drainState,
      BreakerState breaker,
      String lastError,
      Clock clock) {
    return of(spool, checkpoint, drainState, breaker, lastError, -1, clock);
  }

  static SluiceStatus of(
      Spool spool,
      Checkpoint checkpoint,
      String drainState,
      BreakerState breaker,
      String lastError,
      long redrained,
      Clock clock) {
    long used = spool.usedBytes();
    long spooled = spool.countAfter(Checkpoint.NONE);
    long dropped = spool.droppedCount();
    long unreadable = spool.unreadableCount();
    if (checkpoint == null) {
      return new SluiceStatus(
          spool.id(),
          spool.directory(),
          -1,
          -1,
          -1,
          dropped,
          unreadable,
          -1,
          redrained,
          -1,
          -1,
          null,
          spooled,
          used,
          drainState,
          breaker,
          lastError);
    }
    // Records lost to damage stay in the spool as markers: counted as unreadable, not as backlog.
    long backlog =
        spool.countAfter(checkpoint.lastIndex()) - spool.unreadableAfter(checkpoint.lastIndex());
    return new SluiceStatus(
        spool.id(),
        spool.directory(),
        spool.appendedCount() + dropped,
        checkpoint.committedEvents(),
        checkpoint.deadLetteredEvents(),
        dropped,
        unreadable,
        checkpoint.lostEvents() + uncountedLoss(spool, checkpoint),
        redrained,
        checkpoint.lastIndex(),
        backlog,
        backlog == 0 ? Duration.ZERO : oldestPendingAge(spool, checkpoint.lastIndex(), clock),
        spooled,
        used,
        drainState,
        breaker,
        lastError);
  }

  /**
   * Events lost but not yet counted in the checkpoint: when its record is gone, every deleted
   * record it does not cover (and that was not unreadable) is lost (see the drainer's
   * RollbackGuard).
   */
  private static long uncountedLoss(Spool spool, Checkpoint cp) {
    if (cp.lastIndex() != Checkpoint.NONE && spool.holds(cp.lastIndex())) {
      return 0;
    }
    long first = spool.firstIndex();
    long unreadableDeleted =
        spool.unreadableCount() - (first < 0 ? 0 : spool.unreadableAfter(first - 1));
    return Math.max(0, spool.deletedCount() - cp.dealtWith() - unreadableDeleted);
  }

  private static Duration oldestPendingAge(Spool spool, long lastCommitted, Clock clock) {
    try (SpoolReader reader = spool.reader()) {
      if (lastCommitted >= 0) {
        reader.seekAfter(lastCommitted);
      }
      SpoolRecord record = reader.next();
      if (record == null) {
        return Duration.ZERO;
      }
      SpooledEvent oldest = new EventDecoder().decode(record.payload());
      Duration age = Duration.between(oldest.recordedAt(), Instant.now(clock));
      return age.isNegative() ? Duration.ZERO : age;
    } catch (RuntimeException e) {
      return null; // a damaged record or a missing checkpoint record: age unknown
    }
  }
}
