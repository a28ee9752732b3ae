package io.sluice.spool;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

/**
 * For core's drills: a spool whose cycle files roll every second of a clock the test moves, so a
 * test decides where cycle-file boundaries fall (the spool module's own test hook, reached from
 * this package).
 */
public final class SecondlySpools {
  private SecondlySpools() {}

  /** A spool config in {@code dir} rolling a new cycle file every second of {@code clock}. */
  public static SpoolConfig.Builder secondly(Path dir, SteppedClock clock) {
    return SpoolConfig.builder(dir).chronicleRollCycle(TestRollCycles.TEST_SECONDLY).clock(clock);
  }

  /** The cycle files in {@code dir}, oldest first (by name, which is their second). */
  public static java.util.List<Path> cycleFiles(Path dir) {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".cq4")).sorted().toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** The index of the first record in a cycle file of such a spool (from its name). */
  public static long firstIndexOf(Path cycleFile) {
    String name = cycleFile.getFileName().toString().replace("T.cq4", "");
    long second =
        java.time.LocalDateTime.parse(
                name, java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
            .toEpochSecond(ZoneOffset.UTC);
    return TestRollCycles.TEST_SECONDLY.toIndex((int) second, 0);
  }

  /** A clock that stands still until {@link #nextSecond()} moves it on by one second. */
  public static final class SteppedClock extends Clock {
    private final AtomicLong millis = new AtomicLong(System.currentTimeMillis() / 1000 * 1000);

    /** Moves to the next second: the next append starts a new cycle file. */
    public void nextSecond() {
      millis.addAndGet(1000);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public long millis() {
      return millis.get();
    }
  }
}
