package io.sluice.cli.load;

import java.util.Locale;

/**
 * How many writer threads {@code demo} and {@code load} use, and what to tell a user who asks for
 * more than the machine can run. Appends to one spool serialise on its write lock (one thread
 * appends fastest: bench/README.md), so extra threads add no append speed, and on a small machine
 * they take CPU from the drainer and PostgreSQL, which is what slowed {@code demo}'s committed rate
 * with four writers on two cores.
 */
final class WriterThreads {
  private WriterThreads() {}

  /** Half the cores, 1 to 4: the rest of the machine is left to the drainer and PostgreSQL. */
  static int byDefault() {
    return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
  }

  /** A note when {@code threads} writers are more than half the cores; null when not. */
  static String note(int threads) {
    int cores = Runtime.getRuntime().availableProcessors();
    if (threads <= Math.max(1, cores / 2)) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "note: %d writer threads on %d CPU cores: appends to one spool take turns, so more threads"
            + " add no append speed, and they take CPU from the drainer and PostgreSQL; --threads %d"
            + " shows this machine's capability",
        threads,
        cores,
        byDefault());
  }
}
