package io.sluice.drill;

/**
 * The drain lanes a drill runs with: {@code -Dsluice.drill.lanes=4} on the Maven command line runs
 * the kill -9, outage and standby drills with four lanes (issue 12); 1 (the default setting)
 * otherwise. A child JVM gets it as {@code SLUICE_DRAIN_LANES}.
 */
final class DrillLanes {
  static final String ENV = "SLUICE_DRAIN_LANES";

  private DrillLanes() {}

  /** In the test JVM: the lanes asked for on the command line. */
  static int requested() {
    return Integer.getInteger("sluice.drill.lanes", 1);
  }

  /** In a child JVM: the lanes its parent passed, or 1. */
  static int inChild() {
    String lanes = System.getenv(ENV);
    return lanes == null || lanes.isBlank() ? 1 : Integer.parseInt(lanes.strip());
  }
}
