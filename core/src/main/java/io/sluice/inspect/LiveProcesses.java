package io.sluice.inspect;

import io.sluice.internal.ops.StatusFile;
import io.sluice.internal.ops.StatusFile.Snapshot;
import io.sluice.internal.ops.StatusPublisher;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Sluice processes running on a spool now, as they publish themselves in its folder ({@link
 * StatusFile}): a file counts only while it is fresh (under {@link StatusPublisher#MAX_AGE}) and
 * its process runs. What only a live process knows (drain and breaker state, its last error, its
 * byte budget) comes from here.
 */
public final class LiveProcesses {
  private final List<Snapshot> live;

  private LiveProcesses(List<Snapshot> live) {
    this.live = live;
  }

  public static LiveProcesses in(Path spoolDir) {
    Instant now = Instant.now();
    return new LiveProcesses(
        StatusFile.readAll(spoolDir).stream()
            .filter(s -> s.isLive(now, StatusPublisher.MAX_AGE))
            .sorted(Comparator.comparingLong(Snapshot::pid))
            .toList());
  }

  List<Snapshot> all() {
    return live;
  }

  /** The live process that drains this spool, if any (at most one can hold the checkpoint). */
  public Optional<Snapshot> drainer() {
    return live.stream().filter(Snapshot::drains).findFirst();
  }

  /** The byte budget a live process runs with (the drainer's first), or -1 when none is live. */
  long maxSpoolBytes() {
    return drainer().or(() -> live.stream().findFirst()).map(Snapshot::maxSpoolBytes).orElse(-1L);
  }

  static Map<String, Object> toJson(Snapshot s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pid", s.pid());
    m.put("instance", s.instance());
    m.put("updated_at", s.updatedAt().toString());
    m.put("drain_state", s.drainState());
    m.put("breaker_state", s.breakerState());
    m.put("last_error", s.lastError());
    m.put("committed_index", s.committedIndex());
    m.put("backlog", s.backlog());
    m.put("max_spool_bytes", s.maxSpoolBytes());
    return m;
  }
}
