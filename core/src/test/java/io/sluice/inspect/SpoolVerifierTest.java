package io.sluice.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.internal.codec.EventEncoder;
import io.sluice.model.SluiceConfig;
import io.sluice.model.TraceEvent;
import io.sluice.model.TraceLevel;
import io.sluice.spool.Spool;
import io.sluice.spool.SpoolConfig;
import io.sluice.spool.SpoolDirectory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifying a spool on real files: every record decoded, damaged ones named by index. */
class SpoolVerifierTest {
  @TempDir Path tmp;

  @Test
  void verify_findsTheRecordThatDoesNotDecode_andCountsEveryRecord() {
    Path dir = tmp.resolve("spool");
    long bad;
    try (Spool spool = Spool.open(SpoolConfig.builder(dir).build())) {
      spool.append(record("a"));
      bad = spool.append(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}); // no valid layout, no valid CRC
      spool.append(record("c"));
    }
    AtomicLong progress = new AtomicLong();
    try (Spool spool = SpoolDirectory.openReadOnly(dir)) {
      List<SpoolVerifier.FileReport> files =
          SpoolVerifier.verify(spool, spool.cycles(), progress::set);

      assertEquals(1, files.size());
      SpoolVerifier.FileReport f = files.get(0);
      assertEquals(3, f.records());
      assertEquals(3, progress.get());
      assertEquals(1, f.damaged().size());
      assertEquals(bad, f.damaged().get(0).index());
      assertFalse(f.clean());
    }
  }

  @Test
  void verify_soundSpool_isClean() {
    Path dir = tmp.resolve("spool");
    try (Spool spool = Spool.open(SpoolConfig.builder(dir).build())) {
      spool.append(record("a"));
    }
    try (Spool spool = SpoolDirectory.openReadOnly(dir)) {
      assertTrue(SpoolVerifier.verify(spool, spool.cycles(), n -> {}).get(0).clean());
    }
  }

  private static byte[] record(String traceId) {
    EventEncoder encoder = new EventEncoder(SluiceConfig.DEFAULT_MAX_EVENT_BYTES);
    TraceEvent e =
        TraceEvent.builder()
            .traceId(traceId)
            .eventType("task_started")
            .level(TraceLevel.INFO)
            .agentName("planner")
            .message("m")
            .build();
    return Arrays.copyOf(encoder.buffer(), encoder.encode(UUID.randomUUID(), e));
  }
}
