package io.sluice.inspect;

import io.sluice.internal.ops.StatusFile.Snapshot;
import io.sluice.model.SluiceHealth;
import java.time.Instant;
import java.util.Map;

/**
 * One running Sluice process on a spool, as it last published itself in the spool folder (about
 * once a second): what only a live process knows, such as its drain and breaker state and its last
 * error. Advisory: read from a file the process rewrites, never durable state. Immutable.
 */
public final class LiveProcess {
  private final Snapshot s;

  LiveProcess(Snapshot s) {
    this.s = s;
  }

  public long pid() {
    return s.pid();
  }

  /** {@code SluiceConfig.instanceName} of the process. */
  public String instance() {
    return s.instance();
  }

  /** When the process last wrote its status. */
  public Instant updatedAt() {
    return s.updatedAt();
  }

  /** CONNECTING, DRAINING, RETRYING, HALTED_FATAL, STOPPED or DISABLED (does not drain). */
  public String drainState() {
    return s.drainState();
  }

  /** CLOSED, OPEN or HALF_OPEN; {@code null} when the process does not drain. */
  public String breakerState() {
    return s.breakerState();
  }

  /** The drainer's last error (one line, never a password), or {@code null}. */
  public String lastError() {
    return s.lastError();
  }

  /** Spool index of the last event committed or set aside; -1 none or unknown. */
  public long committedIndex() {
    return s.committedIndex();
  }

  /** Events committed from this spool, ever; -1 unknown. */
  public long committed() {
    return s.committed();
  }

  /** The process's byte budget for the spool's cycle files. */
  /** Events not yet committed, as the process last saw them; -1 unknown. */
  public long backlog() {
    return s.backlog();
  }

  /** Bytes written in the cycle files, as the process last measured them. */
  public long usedBytes() {
    return s.usedBytes();
  }

  /** The free-disk reserve the process runs with. */
  public long minFreeDiskBytes() {
    return s.minFreeDiskBytes();
  }

  /** Events appended to the spool, ever, by any process; -1 unknown (an older version's file). */
  public long appended() {
    return s.appended();
  }

  /**
   * The process's own health (pools, queries, uptime, recovery attempts), or {@code null} when its
   * file has none (an older version).
   */
  public SluiceHealth health() {
    return s.health();
  }

  public long maxSpoolBytes() {
    return s.maxSpoolBytes();
  }

  /** True when the process runs a drainer (it holds the dead-letter spool open). */
  public boolean drains() {
    return s.drains();
  }

  /** Every published field under its file key ({@code pid}, {@code drain_state}, ...), in order. */
  public Map<String, Object> fields() {
    return s.fields();
  }
}
