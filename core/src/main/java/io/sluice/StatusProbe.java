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
        checkpoint.lastIndex(),
        backlog,
        backlog == 0 ? Duration.ZERO : oldestPendingAge(spool, checkpoint.lastIndex(), clock),
        spooled,
        used,
        drainState,
        breaker,
        lastError);
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
