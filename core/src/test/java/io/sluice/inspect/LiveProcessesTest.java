package io.sluice.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.internal.ops.StatusFile;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live processes of a spool, read from the status files they publish in its folder. */
class LiveProcessesTest {
  @TempDir Path tmp;

  @Test
  void in_showsAFreshFileOfARunningProcess_withTheFieldsItPublished() throws Exception {
    long pid = ProcessHandle.current().pid();
    StatusFile.Snapshot s =
        new StatusFile.Snapshot(
            pid,
            "writer",
            Instant.now(),
            "DRAINING",
            "CLOSED",
            null,
            41,
            42,
            7,
            1234,
            1 << 30,
            1 << 28,
            100,
            null);
    StatusFile.write(tmp, s);

    LiveProcesses live = LiveProcesses.in(tmp);

    assertEquals(1, live.all().size());
    LiveProcess p = live.drainer().orElseThrow();
    assertEquals(pid, p.pid());
    assertEquals(s.fields(), p.fields());
    assertEquals(1L << 30, live.maxSpoolBytes());
  }

  @Test
  void in_ignoresAFileOfAProcessThatExited() throws Exception {
    Process exited = new ProcessBuilder("true").start();
    exited.waitFor();
    StatusFile.write(
        tmp,
        new StatusFile.Snapshot(
            exited.pid(),
            "gone",
            Instant.now(),
            "DRAINING",
            "CLOSED",
            null,
            1,
            1,
            0,
            0,
            1,
            1,
            1,
            null));

    assertTrue(LiveProcesses.in(tmp).all().isEmpty());
    assertEquals(-1, LiveProcesses.in(tmp).maxSpoolBytes());
  }
}
