package io.sluice.spool;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.slf4j.LoggerFactory;

/**
 * Shared helpers for spool tests: a clock tests move, secondly cycle files, numbered records. The
 * clock and the secondly spools are public for core's drills (spool's test-jar holds this class
 * only), so a test there decides where cycle-file boundaries fall.
 */
public final class TestSpools {
  private TestSpools() {}

  /** A clock that stands still until a test moves it; cycle files roll when it crosses a second. */
  public static final class MutableClock extends Clock {
    private final AtomicLong millis;

    /** Standing at 2024-01-01T00:00:00Z. */
    public MutableClock() {
      this(Instant.parse("2024-01-01T00:00:00Z"));
    }

    /** Standing at {@code start}, e.g. now for a spool whose times meet PostgreSQL's. */
    public MutableClock(Instant start) {
      millis = new AtomicLong(start.toEpochMilli());
    }

    public void advance(Duration d) {
      millis.addAndGet(d.toMillis());
    }

    /** Moves to the next secondly cycle file. */
    public void nextCycle() {
      advance(Duration.ofSeconds(1));
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

  /** A spool whose cycle files roll every second of {@code clock}, with a huge free disk. */
  public static SpoolConfig.Builder secondly(Path dir, MutableClock clock) {
    return SpoolConfig.builder(dir)
        .chronicleRollCycle(TestRollCycles.TEST_SECONDLY)
        .clock(clock)
        .freeSpaceProbe(d -> 1L << 40);
  }

  /** The cycle files in {@code dir}, oldest first (by name, which is their second). */
  public static List<Path> cycleFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".cq4")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** The index of the first record in a cycle file of a secondly spool (from its name). */
  public static long firstIndexOf(Path cycleFile) {
    String name = cycleFile.getFileName().toString().replace("T.cq4", "");
    long second =
        LocalDateTime.parse(name, DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
            .toEpochSecond(ZoneOffset.UTC);
    return TestRollCycles.TEST_SECONDLY.toIndex((int) second, 0);
  }

  /** A record of {@code size} bytes that starts with its number, so order can be checked. */
  static byte[] record(int number, int size) {
    byte[] r = new byte[size];
    byte[] n = (number + ":").getBytes(UTF_8);
    System.arraycopy(n, 0, r, 0, n.length);
    return r;
  }

  static int numberOf(SpoolRecord r) {
    String s = new String(r.payload(), UTF_8);
    return Integer.parseInt(s.substring(0, s.indexOf(':')));
  }

  /** Reads every record after {@code index} (all when -1) and returns their numbers in order. */
  static List<Integer> numbersAfter(Spool spool, long index) {
    List<Integer> numbers = new ArrayList<>();
    try (SpoolReader reader = index < 0 ? spool.reader() : spool.reader().seekAfter(index)) {
      long previous = index;
      for (SpoolRecord r = reader.next(); r != null; r = reader.next()) {
        assertTrue(r.index() > previous, "indexes grow");
        previous = r.index();
        numbers.add(numberOf(r));
      }
    }
    return numbers;
  }

  static List<Integer> range(int fromInclusive, int toExclusive) {
    List<Integer> list = new ArrayList<>();
    for (int i = fromInclusive; i < toExclusive; i++) {
      list.add(i);
    }
    return list;
  }

  static void assertRecords(List<Integer> expected, List<Integer> actual) {
    assertEquals(expected.size(), actual.size(), "record count");
    assertEquals(expected, actual);
  }

  /** Waits (polling, bounded) for a condition another thread makes true. */
  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting for " + what);
      }
      Thread.sleep(1);
    }
  }

  /** Captures what the spool logs, to count warnings. */
  static ListAppender<ILoggingEvent> captureSpoolLog() {
    Logger logger = (Logger) LoggerFactory.getLogger(Spool.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    return appender;
  }

  static long count(ListAppender<ILoggingEvent> log, Level level) {
    return log.list.stream().filter(e -> e.getLevel() == level).count();
  }

  static void stopCapture(ListAppender<ILoggingEvent> appender) {
    ((Logger) LoggerFactory.getLogger(Spool.class)).detachAppender(appender);
  }
}
