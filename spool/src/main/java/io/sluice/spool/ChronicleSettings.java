package io.sluice.spool;

import java.nio.file.Path;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
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
  static net.openhft.chronicle.queue.RollCycle rollCycleOf(
      SpoolMetadata metadata, SpoolConfig config) {
    return config != null && config.chronicleRollCycle() != null
        ? config.chronicleRollCycle()
        : toChronicle(metadata.rollCycle());
  }

  /** Chronicle's queue on the spool folder; read-only when {@code config} is null. */
  static SingleChronicleQueue queue(Path dir, SpoolMetadata metadata, SpoolConfig config) {
    try {
      SingleChronicleQueueBuilder builder =
          SingleChronicleQueueBuilder.single(dir.toFile())
              .rollCycle(ChronicleSettings.toChronicle(metadata.rollCycle()))
              .readOnly(config == null);
      if (config != null) {
        builder.syncMode(SpoolSyncer.chronicleMode(config.syncPolicy()));
        if (config.chronicleRollCycle() != null) {
          builder.rollCycle(config.chronicleRollCycle());
        }
        if (config.clock() != null) {
          builder.timeProvider(config.clock()::millis);
        }
      }
      return builder.build();
    } catch (RuntimeException e) {
      throw new SpoolException("Cannot open spool " + dir + ": " + e.getMessage(), e);
    }
  }
}
