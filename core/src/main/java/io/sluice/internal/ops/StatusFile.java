package io.sluice.internal.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.model.SluiceHealth;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live status a running Sluice publishes in its spool folder, so that {@code sluice status} in
 * another process can show what only the running process knows: drain and breaker state, the last
 * error, the spool's byte budget. One file per process, so a writer process and a draining process
 * on the same spool do not overwrite each other.
 *
 * <pre>
 * status-&lt;pid&gt;.json: one JSON object, rewritten about once a second (temp file, then rename)
 * key                  value
 * format               1; readers skip a file whose format they do not know
 * pid                  the publishing process
 * instance             SluiceConfig.instanceName
 * updated_at           ISO-8601 UTC, when written
 * drain_state          CONNECTING, DRAINING, STANDBY, RETRYING, HALTED_FATAL, STOPPED, DISABLED
 * breaker_state        CLOSED, OPEN, HALF_OPEN; null when the process does not drain
 * last_error           the drainer's last error (one line, never a password), or null
 * committed_index      spool index of the last event committed or set aside; -1 none or unknown
 * committed            events committed from this spool, ever; -1 unknown
 * backlog              events not yet committed; -1 unknown
 * used_bytes           bytes written in the cycle files
 * max_spool_bytes      the process's byte budget for the cycle files
 * min_free_disk_bytes  the free-disk reserve below which appends stop
 * appended             events appended to this spool, ever, by any process; -1 unknown (absent
 *                      in files of older versions)
 * health               the process's SluiceHealth in its JSON form (SluiceHealth.toJson), or
 *                      null (absent in files of older versions)
 * </pre>
 *
 * <p>Advisory, never durable state: nothing is fsynced, and a reader trusts a file only while it is
 * fresh and its process runs ({@link Snapshot#isLive}); a process killed with {@code kill -9}
 * leaves a file that goes stale. Stateless and thread-safe.
 */
public final class StatusFile {
  public static final int FORMAT = 1;
  static final String PREFIX = "status-";
  static final String SUFFIX = ".json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusFile() {}

  /**
   * One process's published status.
   *
   * @param breakerState {@code null} when the process does not drain
   * @param lastError {@code null} when none
   * @param appended events appended to the spool, ever; -1 unknown
   * @param health the process's own health snapshot, or {@code null} when unknown
   */
  public record Snapshot(
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
     * True when written less than {@code maxAge} before {@code now} by a process that still runs on
     * this host. A process in another PID namespace (another container) counts as not running.
     */
    public boolean isLive(Instant now, Duration maxAge) {
      if (updatedAt.isBefore(now.minus(maxAge))) {
        return false;
      }
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * The fields under their file keys (the table above, without {@code format}), in that order:
     * the one list of them, for the file and for tools that show it.
     */
    public Map<String, Object> fields() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("pid", pid);
      m.put("instance", instance);
      m.put("updated_at", updatedAt.toString());
      m.put("drain_state", drainState);
      m.put("breaker_state", breakerState);
      m.put("last_error", lastError);
      m.put("committed_index", committedIndex);
      m.put("committed", committed);
      m.put("backlog", backlog);
      m.put("used_bytes", usedBytes);
      m.put("max_spool_bytes", maxSpoolBytes);
      m.put("min_free_disk_bytes", minFreeDiskBytes);
      m.put("appended", appended);
      m.put("health", healthTree(health));
      return m;
    }

    /** True when this process runs a drainer (it holds the dead-letter spool open). */
    public boolean drains() {
      return !"DISABLED".equals(drainState) && !"CLOSED".equals(drainState);
    }
  }

  /** The file {@code pid} publishes to in {@code spoolDir}. */
  public static Path fileFor(Path spoolDir, long pid) {
    return spoolDir.resolve(PREFIX + pid + SUFFIX);
  }

  /**
   * Replaces the file of {@code s.pid()} atomically: a reader sees the old or the new content.
   *
   * @throws IOException if the folder cannot be written
   */
  public static void write(Path spoolDir, Snapshot s) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.putAll(s.fields());
    Path file = fileFor(spoolDir, s.pid());
    Path tmp = spoolDir.resolve(file.getFileName() + ".tmp");
    Files.write(tmp, JSON.writeValueAsBytes(m));
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Every status file in {@code spoolDir} that parses, live or stale, in no particular order. A
   * file being replaced, unreadable or of an unknown format is skipped: the status is advisory.
   */
  public static List<Snapshot> readAll(Path spoolDir) {
    List<Snapshot> result = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(spoolDir, PREFIX + "*" + SUFFIX)) {
      for (Path f : files) {
        Snapshot s = read(f);
        if (s != null) {
          result.add(s);
        }
      }
    } catch (IOException | RuntimeException e) {
      // an unreadable folder: no published status, the caller shows what it reads itself
    }
    return result;
  }

  /** The file's snapshot, or {@code null} if it does not parse or has an unknown format. */
  static Snapshot read(Path file) {
    try {
      JsonNode n = JSON.readTree(Files.readAllBytes(file));
      if (n == null || n.path("format").asInt(-1) != FORMAT) {
        return null;
      }
      return new Snapshot(
          n.path("pid").asLong(-1),
          text(n, "instance"),
          Instant.parse(n.path("updated_at").asText()),
          text(n, "drain_state"),
          text(n, "breaker_state"),
          text(n, "last_error"),
          n.path("committed_index").asLong(-1),
          n.path("committed").asLong(-1),
          n.path("backlog").asLong(-1),
          n.path("used_bytes").asLong(-1),
          n.path("max_spool_bytes").asLong(-1),
          n.path("min_free_disk_bytes").asLong(-1),
          n.path("appended").asLong(-1),
          health(n.get("health")));
    } catch (IOException | DateTimeParseException e) {
      return null;
    }
  }

  private static JsonNode healthTree(SluiceHealth health) {
    if (health == null) {
      return null;
    }
    try {
      return JSON.readTree(health.toJson());
    } catch (IOException e) {
      throw new IllegalStateException("SluiceHealth.toJson wrote what Jackson cannot read", e);
    }
  }

  private static SluiceHealth health(JsonNode n) {
    if (n == null || !n.isObject()) {
      return null;
    }
    try {
      return SluiceHealth.fromJson(n.toString());
    } catch (IllegalArgumentException e) {
      return null; // written by another version: the rest of the status still counts
    }
  }

  private static String text(JsonNode n, String key) {
    JsonNode v = n.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** Deletes the file of {@code pid}, if any; never throws (cleanup on close). */
  static void delete(Path spoolDir, long pid) {
    try {
      Path file = fileFor(spoolDir, pid);
      Files.deleteIfExists(file);
      Files.deleteIfExists(spoolDir.resolve(file.getFileName() + ".tmp"));
    } catch (IOException e) {
      // stale files are ignored by readers; nothing to do
    }
  }

  /**
   * Deletes files not updated for {@code maxAge}, left by processes that were killed. Age only, not
   * the PID: a process in another container is invisible here yet may be live.
   */
  static void deleteStale(Path spoolDir, Instant now, Duration maxAge) {
    for (Snapshot s : readAll(spoolDir)) {
      if (s.updatedAt().isBefore(now.minus(maxAge))) {
        delete(spoolDir, s.pid());
      }
    }
  }
}
