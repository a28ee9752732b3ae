package io.sluice.spool;

/**
 * How often the spool starts a new cycle file. Fully drained cycle files are what gets deleted, so
 * shorter cycles free disk sooner after an outage. The cycle is stored with the spool at creation
 * and cannot change afterwards.
 */
public enum RollCycle {
  /** One file an hour; at most 4,294,967,295 records an hour (a sustained 1.19 M/s). */
  HOURLY,
  /** One file an hour with sparse indexing; at most 17,179,869,183 records an hour (4.77 M/s). */
  HOURLY_LARGE,
  /** One file a day; at most 4,294,967,295 records a day (49.7 K/s sustained). */
  DAILY
}
