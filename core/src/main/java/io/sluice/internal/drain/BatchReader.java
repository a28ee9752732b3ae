package io.sluice.internal.drain;

import io.sluice.internal.codec.CorruptRecordException;
import io.sluice.internal.codec.EventDecoder;
import io.sluice.internal.codec.RecordCursor;
import io.sluice.internal.db.Partitions;
import io.sluice.model.DeadLetter;
import io.sluice.model.EventKind;
import io.sluice.model.SpooledEvent;
import io.sluice.spool.SpoolReader;
import io.sluice.spool.SpoolRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the next batch from the spool: up to {@code maxBatchEvents} records, waiting at most {@code
 * flushInterval} after the first one for more. Checks each record (its fields stay bytes, copied
 * into COPY rows later; only a record {@link RecordCursor} is unsure of is decoded); a damaged one
 * or one recorded past its kind's retention goes to the batch's set-aside list instead. Used by the
 * drainer thread only.
 */
final class BatchReader {
  private static final Logger log = LoggerFactory.getLogger(BatchReader.class);
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final Path spoolDirectory;
  private final DrainSettings settings;
  private final RetentionPolicy retention;
  private final EventDecoder decoder = new EventDecoder();
  private final RecordCursor cursor = new RecordCursor();

  BatchReader(Path spoolDirectory, DrainSettings settings, RetentionPolicy retention) {
    this.spoolDirectory = spoolDirectory;
    this.settings = settings;
    this.retention = retention;
  }

  /**
   * Returns the next batch; an empty one when the spool has nothing new (after a 1 ms pause, so the
   * caller can check whether to stop).
   *
   * @throws DrainStoppedException at a damaged record in strict mode
   */
  Batch fill(SpoolReader reader, BooleanSupplier running) {
    Batch batch = new Batch(settings.maxBatchEvents());
    Instant now = Instant.now(settings.clock());
    long deadline = 0;
    while (running.getAsBoolean() && batch.size() < settings.maxBatchEvents()) {
      SpoolRecord record = reader.next();
      if (record == null) {
        boolean idle = batch.isEmpty();
        if (!idle && System.nanoTime() - deadline >= 0) {
          return batch;
        }
        LockSupport.parkNanos(IDLE_PARK_NANOS);
        if (idle) {
          return batch;
        }
        continue;
      }
      if (batch.isEmpty()) {
        deadline = System.nanoTime() + settings.flushInterval().toNanos();
      }
      add(batch, record, now);
      batch.lastIndex = record.index();
    }
    return batch;
  }

  private void add(Batch batch, SpoolRecord record, Instant now) {
    if (record.unreadable()) {
      unreadable(batch, record.index());
      return;
    }
    byte[] payload = record.payload();
    DrainedRecord drained;
    if (cursor.check(payload)) {
      UUID id = new UUID(cursor.idMostSignificantBits(), cursor.idLeastSignificantBits());
      drained = new DrainedRecord(record.index(), payload, cursor.kind(), id, null);
    } else {
      try {
        drained = new DrainedRecord(record.index(), payload, decoder.decode(payload));
      } catch (CorruptRecordException e) {
        batch.setAside.add(damaged(record, e, now));
        return;
      }
    }
    LocalDate day = Partitions.dayOf(SpooledEvent.recordedAtMillis(drained.id()));
    if (retention.isExpired(drained.kind(), day, now)) {
      batch.setAside.add(expired(record, drained.kind(), day, now));
    } else {
      batch.records.add(drained);
    }
  }

  /**
   * An event recorded on a day already past its kind's retention: writing it would re-create a
   * dropped partition (or fail on a missing one forever), so it is set aside, never retried.
   */
  private DeadLetter expired(SpoolRecord record, EventKind kind, LocalDate day, Instant now) {
    String why =
        kind.displayName()
            + " recorded on "
            + day
            + " is older than its retention of "
            + retention.retentionDays(kind)
            + " days";
    return new DeadLetter(
        DeadLetter.Reason.EXPIRED, record.index(), null, why, 1, now, record.payload());
  }

  /**
   * A record a repair could not read (the spool already counts it as unreadable): nothing to write
   * or set aside; the checkpoint moves past it. Strict mode stops, naming it.
   */
  private void unreadable(Batch batch, long index) {
    if (settings.strictSpool()) {
      throw new DrainStoppedException(
          "Spool record "
              + index
              + " in "
              + spoolDirectory
              + " was lost to damage (a repair could not read it; see unreadable-records.txt)."
              + " Strict mode: draining stopped; `sluice verify` lists the unreadable ranges.",
          null);
    }
    if (batch.unreadable == 0) {
      batch.firstUnreadable = index;
    }
    batch.unreadable++;
    batch.lastUnreadable = index;
  }

  private DeadLetter damaged(SpoolRecord record, CorruptRecordException e, Instant now) {
    String what =
        "Spool record "
            + record.index()
            + " in "
            + spoolDirectory
            + " is damaged: "
            + e.getMessage();
    if (settings.strictSpool()) {
      throw new DrainStoppedException(
          what + ". Strict mode: draining stopped; inspect it with `sluice verify`.", e);
    }
    log.error(
        "{}: {}; setting it aside in {}", settings.instanceName(), what, DeadLetterSpool.FOLDER);
    // Never a copy of garbage: at most the configured largest event, the declared size noted.
    byte[] payload = record.payload();
    String why = e.getMessage();
    if (payload.length > settings.maxEventBytes()) {
      why +=
          " (record of "
              + payload.length
              + " bytes; the first "
              + settings.maxEventBytes()
              + " kept)";
      payload = java.util.Arrays.copyOf(payload, settings.maxEventBytes());
    }
    return new DeadLetter(DeadLetter.Reason.DAMAGED, record.index(), null, why, 1, now, payload);
  }
}
