package io.sluice.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The crash drill's verdict is only as good as its checker: it must see each kind of fault. */
class AckCheckTest {
  @TempDir Path acks;

  /** Acks seq 0..n-1 of run 0 thread 0 and returns their ids. */
  private List<UUID> acknowledge(int n) throws Exception {
    List<UUID> ids = new ArrayList<>();
    try (AckLog log = AckLog.create(AckLog.file(acks, 0, 0))) {
      for (int i = 0; i < n; i++) {
        UUID id = UUID.randomUUID();
        log.record(i, id);
        ids.add(id);
      }
    }
    return ids;
  }

  private AckCheck check(List<UUID> ids, int storedCount) {
    AckCheck check = new AckCheck(acks, 1, 1);
    for (int i = 0; i < storedCount; i++) {
      check.stored(CrashChild.traceId(0, 0, i), i < ids.size() ? ids.get(i) : UUID.randomUUID());
    }
    return check;
  }

  @Test
  void everyAckStored_plusTheOneAppendTheKillLeftUnacknowledged_passes() throws Exception {
    AckCheck check = check(acknowledge(5), 6);
    check.finish();
    assertEquals(List.of(), check.problems());
    assertEquals(5, check.acknowledged());
    assertEquals(1, check.unacknowledgedStored());
  }

  @Test
  void acknowledgedAppendMissing_isReported() throws Exception {
    AckCheck check = check(acknowledge(5), 4);
    check.finish();
    assertTrue(
        check.problems().get(0).contains("1 of 5 acknowledged appends not stored"),
        check.problems()::toString);
  }

  @Test
  void storedTwiceOrWithAnotherIdOrBeyondTheNextSeq_isReported() throws Exception {
    List<UUID> ids = acknowledge(3);
    AckCheck check = check(ids, 3);
    check.stored(CrashChild.traceId(0, 0, 1), ids.get(1));
    check.stored(CrashChild.traceId(0, 0, 2), UUID.randomUUID());
    check.stored(CrashChild.traceId(0, 0, 7), UUID.randomUUID());
    check.stored("drill-r9-t0-0", UUID.randomUUID());
    check.finish();
    assertEquals(5, check.problems().size(), check.problems()::toString);
  }
}
