package io.sluice.inspect;

import io.sluice.internal.ops.StatusFile;
import io.sluice.internal.ops.StatusPublisher;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The Sluice processes running on a spool now, as they publish themselves in its folder (one {@code
 * status-<pid>.json} each): a file counts only while it is fresh (rewritten within the last few
 * seconds) and its process runs. What only a live process knows (drain and breaker state, its last
 * error, its byte budget) comes from here. Immutable.
 */
public final class LiveProcesses {
  private final List<LiveProcess> live;

  private LiveProcesses(List<LiveProcess> live) {
    this.live = live;
  }

  /** The live processes of the spool in {@code spoolDir}, by pid; empty when none publishes. */
  public static LiveProcesses in(Path spoolDir) {
    Instant now = Instant.now();
    return new LiveProcesses(
        StatusFile.readAll(spoolDir.toAbsolutePath().normalize()).stream()
            .filter(s -> s.isLive(now, StatusPublisher.MAX_AGE))
            .sorted(Comparator.comparingLong(StatusFile.Snapshot::pid))
            .map(LiveProcess::new)
            .toList());
  }

  public List<LiveProcess> all() {
    return live;
  }

  /** The live process that drains this spool, if any (at most one can hold the checkpoint). */
  public Optional<LiveProcess> drainer() {
    // the owner speaks for the spool; a STANDBY drainer beside it only when no owner is live
    return live.stream()
        .filter(LiveProcess::drains)
        .min(Comparator.comparing((LiveProcess s) -> "STANDBY".equals(s.drainState())));
  }

  /** The byte budget a live process runs with (the drainer's first), or -1 when none is live. */
  public long maxSpoolBytes() {
    return drainer()
        .or(() -> live.stream().findFirst())
        .map(LiveProcess::maxSpoolBytes)
        .orElse(-1L);
  }
}
