package io.sluice.internal.drain;

import io.sluice.model.DeadLetter;
import java.util.ArrayList;
import java.util.List;

/** The spool records of one transaction: events to write and records to set aside. */
final class Batch {
  final List<DrainedRecord> records;

  /** Damaged and expired records of this batch, set aside when it commits. */
  final List<DeadLetter> setAside = new ArrayList<>();

  /** Index of the batch's last spool record: the checkpoint once it commits. */
  long lastIndex = -1;

  Batch(int capacity) {
    records = new ArrayList<>(Math.min(capacity, 16_384));
  }

  int size() {
    return records.size() + setAside.size();
  }

  boolean isEmpty() {
    return size() == 0;
  }
}
