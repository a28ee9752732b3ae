package io.sluice.spool;

import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.SparseRollCycles;

/**
 * The one place that decides how Chronicle Queue is set up for Sluice.
 *
 * <p>Chronicle reads some switches from system properties once, when its classes load, so {@link
 * #apply()} runs before any Chronicle class is touched (see {@link Spool}'s static block). The
 * analytics artifact is also excluded from the build; the property is the second lock on the door
 * for applications that bring it back on their class path.
 */
final class ChronicleSettings {
  private ChronicleSettings() {}

  static void apply() {
    setIfAbsent("chronicle.analytics.disable", "true");
    setIfAbsent("chronicle.announcer.disable", "true");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  static net.openhft.chronicle.queue.RollCycle toChronicle(RollCycle cycle) {
    return switch (cycle) {
      case HOURLY -> RollCycles.FAST_HOURLY;
      case HOURLY_LARGE -> SparseRollCycles.LARGE_HOURLY_SPARSE;
      case DAILY -> RollCycles.FAST_DAILY;
    };
  }

  /** The Chronicle roll cycle a spool is opened with (a test may set a shorter one). */
  static net.openhft.chronicle.queue.RollCycle rollCycleOf(SpoolMetadata metadata, SpoolConfig config) {
    return config != null && config.chronicleRollCycle() != null
        ? config.chronicleRollCycle()
        : toChronicle(metadata.rollCycle());
  }
}
