package io.sluice.cli.load;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Writers default to what the machine can run, and asking for more says what it costs. */
class WriterThreadsTest {
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  @Test
  void byDefault_isHalfTheCoresFromOneToFour() {
    int threads = WriterThreads.byDefault();
    assertTrue(threads >= 1 && threads <= 4, "threads " + threads);
    assertTrue(threads == 1 || threads * 2 <= CORES, threads + " threads on " + CORES + " cores");
    assertNull(WriterThreads.note(threads), "the default needs no note");
  }

  @Test
  void note_moreWritersThanCores_namesBothAndTheDefault() {
    String note = WriterThreads.note(CORES + 1);
    assertTrue(note.contains((CORES + 1) + " writer threads on " + CORES + " CPU cores"), note);
    assertTrue(note.contains("--threads " + WriterThreads.byDefault()), note);
  }
}
