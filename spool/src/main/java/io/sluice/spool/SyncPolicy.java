package io.sluice.spool;

/**
 * When appended records are forced from the page cache to the storage device. Every policy survives
 * the death of the process ({@code kill -9}, OOM, a JVM crash): the records are in a shared file
 * mapping the kernel owns. They differ in what survives an OS crash or power loss.
 *
 * <table>
 *   <caption>What each policy survives</caption>
 *   <tr><th>Policy</th><th>Process crash</th><th>OS crash / power loss</th><th>Append cost</th></tr>
 *   <tr><td>{@link #NONE}</td><td>nothing lost</td><td>loses what the kernel had not written back
 *       yet (by default Linux writes dirty pages back within about 30 s), in no particular
 *       order</td><td>about 1 µs</td></tr>
 *   <tr><td>{@link #INTERVAL}</td><td>nothing lost</td><td>loses at most the records appended in
 *       the last {@link SpoolConfig#syncInterval()} (plus the duration of one sync), or the last
 *       {@link SpoolConfig#syncEveryEvents()} records if that comes first</td><td>about 1 µs;
 *       with {@code syncEveryEvents} one append in N pays one sync</td></tr>
 *   <tr><td>{@link #EVERY}</td><td>nothing lost</td><td>nothing that {@link Spool#append}
 *       returned; a record being appended may be lost</td><td>one {@code msync}: 200-500 µs on
 *       a virtual disk (measured), more on a spinning disk</td></tr>
 * </table>
 *
 * <p>The guarantees assume the storage honours flush requests (no volatile write cache that lies)
 * and a local file system; they were reasoned from the Linux {@code msync}/{@code fdatasync}
 * contract, not tested by cutting power.
 */
public enum SyncPolicy {
  /** Never force; the kernel writes pages back when it chooses. */
  NONE,
  /**
   * Everything appended so far is forced every {@code syncInterval} by the spool's background
   * thread and, if {@code syncEveryEvents} is set, by the append that completes each N records. The
   * default, every second.
   */
  INTERVAL,
  /** Each {@link Spool#append} forces its record to the device before it returns. */
  EVERY
}
