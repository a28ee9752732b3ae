package io.sluice.spool;

import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * Counters kept in Chronicle's table store ({@code metadata.cq4t}): shared memory, so they survive
 * restarts and other processes see them live (the dropped and deleted-record counts).
 */
final class TableStoreValues {
  private TableStoreValues() {}

  /** The value under {@code key}; {@code null} when read-only and no writer ever created it. */
  static LongValue acquire(SingleChronicleQueue queue, String key, boolean readOnly) {
    if (!readOnly) {
      // The file lock keeps two processes from creating the key twice, as Chronicle does for its
      // own.
      return queue.metaStore().doWithExclusiveLock(store -> store.acquireValueFor(key, 0));
    }
    try {
      return queue.metaStore().acquireValueFor(key, 0);
    } catch (IllegalStateException | UnsupportedOperationException e) {
      return null; // a read-only table store cannot create a key no writer has made yet
    }
  }

  /** The value under {@code key} read once (read-only), or -1 when no writer ever created it. */
  static long readOnce(SingleChronicleQueue queue, String key) {
    // A read-only queue holds no handle on Chronicle's keys and answers -1: read the table store.
    LongValue value = acquire(queue, key, true);
    if (value == null) {
      return -1;
    }
    try {
      return value.getVolatileValue();
    } finally {
      value.close();
    }
  }
}
