package io.sluice.internal.drain;

import java.util.ArrayList;
import java.util.List;

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
}
