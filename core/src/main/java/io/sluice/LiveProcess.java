package io.sluice;

import io.sluice.internal.ops.StatusFile;
import io.sluice.internal.ops.StatusPublisher;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * A Sluice process running on a spool now, as it describes itself: every running {@link Sluice}
 * rewrites a small status file in its spool folder about once a second, and deletes it on close.
 * This is how tools in other processes ({@code sluice status}, {@code health}, {@code top}) see
 * what only the running process knows. Advisory: a file counts only while it is fresh (under 10 s)
 * and its process runs on this host.
 *
 * @param pid the process id
 * @param instance its {@link SluiceConfig#instanceName()}
 * @param updatedAt when it last wrote its status
 * @param drainState what its drainer does ({@code DRAINING}, {@code RETRYING}, ...; {@code
 *     DISABLED} when it only appends)
 * @param breakerState its circuit breaker ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}), or
 *     {@code null} when it does not drain
 * @param lastError its drainer's last error, or {@code null}
 * @param committedIndex spool index of the last event it committed or set aside; -1 none/unknown
 * @param committed events committed from the spool, ever; -1 unknown
 * @param backlog events not yet committed; -1 unknown
 * @param usedBytes bytes in the spool's cycle files
 * @param maxSpoolBytes its byte budget for the spool
 * @param minFreeDiskBytes its free-disk reserve
 * @param appended events appended to the spool, ever, by any process; -1 unknown
 * @param health its own {@link Sluice#health()} when it wrote the file, or {@code null} (a process
 *     of an older version)
 */
public record LiveProcess(
    long pid,
    String instance,
    Instant updatedAt,
    String drainState,
    String breakerState,
    String lastError,
    long committedIndex,
    long committed,
    long backlog,
    long usedBytes,
    long maxSpoolBytes,
    long minFreeDiskBytes,
    long appended,
    SluiceHealth health) {

  /**
   * The processes running on the spool in {@code spoolDirectory} now, by pid. Never throws: an
   * unreadable folder or file is no process (the status is advisory).
   */
  public static List<LiveProcess> on(Path spoolDirectory) {
    Instant now = Instant.now();
    return StatusFile.readAll(spoolDirectory.toAbsolutePath().normalize()).stream()
        .filter(s -> s.isLive(now, StatusPublisher.MAX_AGE))
        .sorted(Comparator.comparingLong(StatusFile.Snapshot::pid))
        .map(LiveProcess::of)
        .toList();
  }

  /** True when this process runs a drainer on the spool. */
  public boolean drains() {
    return !"DISABLED".equals(drainState) && !"CLOSED".equals(drainState);
  }

  private static LiveProcess of(StatusFile.Snapshot s) {
    return new LiveProcess(
        s.pid(),
        s.instance(),
        s.updatedAt(),
        s.drainState(),
        s.breakerState(),
        s.lastError(),
        s.committedIndex(),
        s.committed(),
        s.backlog(),
        s.usedBytes(),
        s.maxSpoolBytes(),
        s.minFreeDiskBytes(),
        s.appended(),
        s.health());
  }
}
