package io.sluice.drill;

import io.sluice.model.SluiceConfig;

/**
 * The drain lanes a drill runs with: the default setting ({@link SluiceConfig#DEFAULT_DRAIN_LANES},
 * four), or {@code -Dsluice.drill.lanes=1} on the Maven command line to run the kill -9, outage and
 * standby drills with one lane. A child JVM gets it as {@code SLUICE_DRAIN_LANES}.
 */
final class DrillLanes {
  static final String ENV = "SLUICE_DRAIN_LANES";

  private DrillLanes() {}

  /** In the test JVM: the lanes asked for on the command line. */
  static int requested() {
    return Integer.getInteger("sluice.drill.lanes", SluiceConfig.DEFAULT_DRAIN_LANES);
  }

  /** In a child JVM: the lanes its parent passed, or the default. */
  static int inChild() {
    String lanes = System.getenv(ENV);
    return lanes == null || lanes.isBlank()
        ? SluiceConfig.DEFAULT_DRAIN_LANES
        : Integer.parseInt(lanes.strip());
  }
}
