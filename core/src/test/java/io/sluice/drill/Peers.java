package io.sluice.drill;

import io.sluice.internal.drain.DeadLetterSpool;
import io.sluice.model.DatabaseConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts {@link SpoolPeerChild} processes and reads what they left, for the multi-process drills.
 */
final class Peers {
  private final DatabaseConfig database;
  private final Path logs;
  private int started;

  Peers(DatabaseConfig database, Path logs) throws Exception {
    this.database = database;
    this.logs = Files.createDirectories(logs);
  }

  ChildJvm writer(Path spool, Path gate, String label, int events, int perSecond) {
    return start(
        List.of(
            "writer",
            spool.toString(),
            gate.toString(),
            label,
            Integer.toString(events),
            Integer.toString(perSecond)),
        label);
  }

  ChildJvm drainer(Path spool, Path gate, Path stop, String label) {
    return start(List.of("drainer", spool.toString(), gate.toString(), stop.toString()), label);
  }

  private ChildJvm start(List<String> args, String label) {
    Map<String, String> env = new HashMap<>();
    env.put("SLUICE_JDBC_URL", database.jdbcUrl());
    env.put("POSTGRES_USER", database.user());
    env.put(DrillLanes.ENV, Integer.toString(DrillLanes.requested()));
    if (database.password() != null) {
      env.put("POSTGRES_PASSWORD", database.password());
    }
    return ChildJvm.start(
        SpoolPeerChild.class,
        args,
        env,
        logs.resolve((started++) + "-" + label + ".log"),
        List.of());
  }

  /**
   * The spools' checkpoints: spool id, last index, committed, dead-lettered; a spool drained by
   * several lanes has a row per lane, added up here as the drainer does (lowest index, sums).
   */
  static List<long[]> checkpoints(Connection c, List<String> ids) throws SQLException {
    List<long[]> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT spool_id, min(last_index), sum(committed_events),"
                    + " sum(dead_lettered_events) FROM agent_observability.spool_checkpoints"
                    + " GROUP BY spool_id ORDER BY spool_id")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
        rows.add(new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
      }
    }
    return rows;
  }

  /** Dead letters on disk beside the spool (0 when no drainer ever made the folder). */
  static long deadLettersOnDisk(Path spool) {
    if (!Files.exists(DeadLetterSpool.folder(spool).resolve("spool.properties"))) {
      return 0;
    }
    try (DeadLetterSpool letters = DeadLetterSpool.openReadOnly(spool)) {
      return letters.count();
    }
  }

  /** The value after {@code prefix} on the child's first output line that starts with it. */
  static String valueAfter(ChildJvm child, String prefix) {
    return child
        .output()
        .lines()
        .filter(l -> l.startsWith(prefix))
        .findFirst()
        .map(l -> l.substring(prefix.length()).trim())
        .orElse(null);
  }
}
