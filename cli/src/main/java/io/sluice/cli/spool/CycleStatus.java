package io.sluice.cli.spool;

import io.sluice.cli.common.HumanFormat;
import io.sluice.spool.SpoolCycle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One cycle file of a spool measured against the drainer's checkpoint, for {@code sluice status}
 * (modelled on Logstash's {@code pqcheck}: per file its range, counts, and whether it is fully
 * acknowledged).
 *
 * @param cycle the file as the spool lists it
 * @param fullyCommitted true when every record in it is committed or set aside (a file that holds
 *     no record counts as committed); {@code null} when the checkpoint is unknown
 * @param pending records in it not yet committed; -1 when the checkpoint is unknown
 */
record CycleStatus(SpoolCycle cycle, Boolean fullyCommitted, long pending) {

  /**
   * @param committedIndex the checkpoint: last index committed or set aside (-1: none yet)
   * @param known false when the checkpoint could not be read
   */
  static List<CycleStatus> of(List<SpoolCycle> cycles, long committedIndex, boolean known) {
    List<CycleStatus> result = new ArrayList<>(cycles.size());
    for (SpoolCycle c : cycles) {
      if (!known) {
        result.add(new CycleStatus(c, null, -1));
      } else if (c.records() == 0 || c.lastIndex() <= committedIndex) {
        result.add(new CycleStatus(c, true, 0));
      } else {
        // Indexes are contiguous within one cycle file, so the pending part is a subtraction.
        long pending = c.lastIndex() - Math.max(committedIndex, c.firstIndex() - 1);
        result.add(new CycleStatus(c, false, pending));
      }
    }
    return result;
  }

  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", cycle.file().getFileName().toString());
    m.put("cycle", cycle.cycle());
    m.put("first_index", cycle.firstIndex());
    m.put("last_index", cycle.lastIndex());
    m.put("records", cycle.records());
    m.put("bytes", cycle.bytes());
    m.put("fully_committed", fullyCommitted);
    m.put("pending_records", fullyCommitted == null ? null : pending);
    return m;
  }

  /** yes, no, partly (with the pending count), or unknown. */
  String committedText() {
    if (fullyCommitted == null) {
      return "unknown";
    }
    if (fullyCommitted) {
      return "yes";
    }
    return (pending == cycle.records() ? "no, " : "partly, ")
        + HumanFormat.count(pending)
        + " pending";
  }
}
