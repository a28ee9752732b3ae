package io.sluice.internal.drain;

import io.sluice.model.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/** The spool records of one transaction: events to write and records to set aside. */
final class Batch {
  final List<DrainedRecord> records;

  /** Damaged and expired records of this batch, set aside when it commits. */
  final List<DeadLetter> setAside = new ArrayList<>();

  /**
   * Records of this batch lost to damage (markers a repair left, see {@code
   * SpoolRecord.unreadable}): skipped, counted by the spool, never written; first and last index.
   */
  int unreadable;

  long firstUnreadable = -1;
  long lastUnreadable = -1;

  /** Index of the batch's last spool record: the checkpoint once it commits. */
  long lastIndex = -1;

  Batch(int capacity) {
    records = new ArrayList<>(Math.min(capacity, 16_384));
  }

  int size() {
    return records.size() + setAside.size() + unreadable;
  }

  boolean isEmpty() {
    return size() == 0;
  }

  /** Logs what the committed batch set aside or found already stored (nothing when neither). */
  void logOutcome(Logger log, String instanceName, List<Rejection> rejected, int alreadyStored) {
    if (unreadable > 0) {
      log.error(
          "{}: {} spool record(s) {}..{} were lost to damage of a spool file (a repair could not"
              + " read them; counted as unreadable, see `sluice status`)",
          instanceName,
          unreadable,
          firstUnreadable,
          lastUnreadable);
    }
    if (!setAside.isEmpty()) {
      log.warn(
          "{}: set aside {} damaged or expired event(s) in {}",
          instanceName,
          setAside.size(),
          DeadLetterSpool.FOLDER);
    }
    if (!rejected.isEmpty()) {
      log.warn(
          "{}: PostgreSQL rejected {} event(s) (first: SQLSTATE {}); set aside in {}",
          instanceName,
          rejected.size(),
          rejected.get(0).error().getSQLState(),
          DeadLetterSpool.FOLDER);
    }
    if (alreadyStored > 0) {
      log.info(
          "{}: {} event(s) of the batch were already stored in PostgreSQL (a replay or a restored"
              + " checkpoint): counted as committed, not written again",
          instanceName,
          alreadyStored);
    }
  }
}
