package io.sluice.internal.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.sluice.internal.db.Pools;
import io.sluice.internal.db.Schema;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.Rows;
import java.sql.Connection;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Checkpoint rows per drain lane (migration V9): a spool checkpointed before lanes existed keeps
 * its progress when drained by more lanes, and the spool as a whole is the lowest lane index with
 * the counters summed.
 */
class CheckpointStoreTest {
  private static final String SPOOL = "spool-a";

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();

  @Test
  void singleCheckpointFromBeforeLanes_becomesEveryLanesStart_andTheSumsStayExact()
      throws Exception {
    try (HikariDataSource ds = Pools.writer(postgres.database(), "test")) {
      Schema.flyway(ds).target("5").load().migrate();
      try (Connection c = ds.getConnection()) {
        Rows.execute(
            c,
            "INSERT INTO agent_observability.spool_checkpoints (spool_id, last_index,"
                + " committed_events, dead_lettered_events, lost_events)"
                + " VALUES ('"
                + SPOOL
                + "', 41, 40, 1, 1)");
      }
      Schema.migrate(ds, "test"); // V7 .. V9
      try (Handle h = Jdbi.open(ds)) {
        Checkpoint before = CheckpointStore.find(h, SPOOL);
        assertEquals(new Checkpoint(SPOOL, 41, 40, 1, 1), before);

        List<Checkpoint> lanes = CheckpointStore.prepareLanes(h, SPOOL, 4);

        assertEquals(4, lanes.size());
        assertEquals(new Checkpoint(SPOOL, 41, 40, 1, 1), lanes.get(0));
        for (int lane = 1; lane < 4; lane++) {
          assertEquals(new Checkpoint(SPOOL, 41, 0, 0, 0), lanes.get(lane), "lane " + lane);
        }
        assertEquals(before, CheckpointStore.find(h, SPOOL), "the spool as a whole is unchanged");
        assertEquals(lanes, List.copyOf(CheckpointStore.lanes(h, SPOOL).values()));
        assertEquals(lanes, CheckpointStore.prepareLanes(h, SPOOL, 4), "prepared again: same");
      }
    }
  }

  @Test
  void lanesAdvanceOnTheirOwnRow_theSpoolIsAtTheLowestLane() throws Exception {
    try (HikariDataSource ds = Pools.writer(postgres.database(), "test");
        Handle h = Jdbi.open(ds)) {
      Schema.migrate(ds, "test");
      List<Checkpoint> lanes = CheckpointStore.prepareLanes(h, SPOOL, 2);
      assertEquals(Checkpoint.none(SPOOL), lanes.get(1));

      h.useTransaction(
          tx -> {
            CheckpointStore.lockAt(tx, 1, lanes.get(1));
            CheckpointStore.advance(tx, 1, lanes.get(1), 99, 60, 2, 0);
          });
      h.useTransaction(tx -> CheckpointStore.advance(tx, 0, lanes.get(0), 49, 30, 0, 0));

      assertEquals(new Checkpoint(SPOOL, 49, 90, 2, 0), CheckpointStore.find(h, SPOOL));
      // lane 1 moved: a compare-and-set on its old index is a conflict naming where it is now
      CheckpointConflictException stale =
          assertThrows(
              CheckpointConflictException.class,
              () -> h.useTransaction(tx -> CheckpointStore.lockAt(tx, 1, lanes.get(1))));
      assertEquals(99, stale.current().lastIndex());
    }
  }

  @Test
  void fewerLanes_refusedWhileTheLanesDisagree_thenMergedOnceTheyAgree() throws Exception {
    try (HikariDataSource ds = Pools.writer(postgres.database(), "test");
        Handle h = Jdbi.open(ds)) {
      Schema.migrate(ds, "test");
      List<Checkpoint> lanes = CheckpointStore.prepareLanes(h, SPOOL, 4);
      Checkpoint lane0 =
          h.inTransaction(tx -> CheckpointStore.advance(tx, 0, lanes.get(0), 9, 7, 0, 0));
      Checkpoint lane3 =
          h.inTransaction(tx -> CheckpointStore.advance(tx, 3, lanes.get(3), 19, 5, 1, 0));

      IllegalStateException refused =
          assertThrows(
              IllegalStateException.class, () -> CheckpointStore.prepareLanes(h, SPOOL, 1));
      assertTrue(refused.getMessage().contains("{0=9, 1=-1, 2=-1, 3=19}"), refused.getMessage());
      assertTrue(refused.getMessage().contains("SLUICE_DRAIN_LANES back to 4"));
      assertEquals(4, CheckpointStore.lanes(h, SPOOL).size(), "nothing changed");

      for (int lane = 0; lane < 4; lane++) {
        Checkpoint from = lane == 0 ? lane0 : lane == 3 ? lane3 : lanes.get(lane);
        int l = lane;
        h.useTransaction(tx -> CheckpointStore.advance(tx, l, from, 29, 1, 0, 0));
      }
      List<Checkpoint> one = CheckpointStore.prepareLanes(h, SPOOL, 1);

      assertEquals(List.of(new Checkpoint(SPOOL, 29, 16, 1, 0)), one);
      assertEquals(one.get(0), CheckpointStore.find(h, SPOOL));
    }
  }
}
