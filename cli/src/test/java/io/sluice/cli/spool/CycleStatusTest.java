package io.sluice.cli.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sluice.spool.SpoolCycle;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each cycle file measured against the checkpoint, as {@code sluice status} shows it. */
class CycleStatusTest {
  private static final SpoolCycle FIRST = new SpoolCycle(1, Path.of("a.cq4"), 100, 109, 10, 1000);
  private static final SpoolCycle SECOND = new SpoolCycle(2, Path.of("b.cq4"), 200, 204, 5, 500);
  private static final SpoolCycle EMPTY = new SpoolCycle(3, Path.of("c.cq4"), -1, -1, 0, 100);

  @Test
  void checkpointInsideTheSecondFile_firstIsCommitted_secondPartly_emptyCountsAsCommitted() {
    List<CycleStatus> s = CycleStatus.of(List.of(FIRST, SECOND, EMPTY), 202, true);

    assertEquals(true, s.get(0).fullyCommitted());
    assertEquals(false, s.get(1).fullyCommitted());
    assertEquals(2, s.get(1).pending());
    assertEquals("partly, 2 pending", s.get(1).committedText());
    assertEquals(true, s.get(2).fullyCommitted());
  }

  @Test
  void nothingCommittedYet_everyRecordIsPending() {
    List<CycleStatus> s = CycleStatus.of(List.of(FIRST, SECOND), -1, true);

    assertEquals(10, s.get(0).pending());
    assertEquals("no, 10 pending", s.get(0).committedText());
    assertEquals(5, s.get(1).pending());
  }

  @Test
  void unknownCheckpoint_isUnknownNotGuessed() {
    CycleStatus s = CycleStatus.of(List.of(FIRST), -1, false).get(0);

    assertNull(s.fullyCommitted());
    assertEquals("unknown", s.committedText());
    assertNull(s.toJson().get("pending_records"));
  }
}
