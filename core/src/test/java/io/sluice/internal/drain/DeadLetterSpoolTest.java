package io.sluice.internal.drain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.model.DeadLetter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dead-letter spool on real files: format round trip, once-only appends, reopening. */
class DeadLetterSpoolTest {
  @TempDir Path spoolDir;

  private static DeadLetter rejected(long index) {
    return new DeadLetter(
        DeadLetter.Reason.REJECTED,
        index,
        "23514",
        "new row for relation \"trace_events\" violates check constraint \"no_poison\"",
        3,
        Instant.parse("2025-03-04T05:06:07.123456Z"),
        new byte[] {1, 2, 3, (byte) index});
  }

  private static List<DeadLetter> all(DeadLetterSpool spool) {
    List<DeadLetter> out = new ArrayList<>();
    spool.forEach(out::add);
    return out;
  }

  private static void assertSame(DeadLetter expected, DeadLetter actual) {
    assertEquals(expected.reason(), actual.reason());
    assertEquals(expected.spoolIndex(), actual.spoolIndex());
    assertEquals(expected.sqlState(), actual.sqlState());
    assertEquals(expected.message(), actual.message());
    assertEquals(expected.attempts(), actual.attempts());
    assertEquals(expected.failedAt(), actual.failedAt());
    assertArrayEquals(expected.record(), actual.record());
  }

  @Test
  void append_thenForEach_returnsEveryField() {
    DeadLetter first = rejected(7);
    DeadLetter damaged =
        new DeadLetter(
            DeadLetter.Reason.DAMAGED,
            1L << 40,
            null,
            "checksum mismatch é ✓",
            1,
            Instant.parse("1999-12-31T23:59:59.999999Z"),
            new byte[0]);
    try (DeadLetterSpool spool = DeadLetterSpool.open(spoolDir)) {
      assertTrue(spool.append(first));
      assertTrue(spool.append(damaged));
      List<DeadLetter> read = all(spool);
      assertEquals(2, read.size());
      assertSame(first, read.get(0));
      assertSame(damaged, read.get(1));
      assertNull(read.get(1).sqlState());
      assertEquals(2, spool.count());
    }
    assertTrue(Files.isDirectory(DeadLetterSpool.folder(spoolDir)));
  }

  private static DeadLetter rejected(long index, io.sluice.model.Event event) {
    io.sluice.internal.codec.EventEncoder encoder =
        new io.sluice.internal.codec.EventEncoder(1 << 20);
    int length = encoder.encode(java.util.UUID.randomUUID(), event);
    return new DeadLetter(
        DeadLetter.Reason.REJECTED,
        index,
        "22001",
        "value too long",
        1,
        Instant.parse("2025-03-04T05:06:07Z"),
        java.util.Arrays.copyOf(encoder.buffer(), length));
  }

  /**
   * Drain lanes set aside at once, so letters arrive out of spool order overall but in order per
   * kind (one lane writes each kind): none is taken for a repeat, a retried lane's are.
   */
  @Test
  void append_outOfOrderAcrossKinds_keepsEach_skipsARepeatWithinAKind() {
    io.sluice.model.Event metric =
        io.sluice.model.PerformanceMetric.builder().metricName("m").metricValue(1).build();
    io.sluice.model.Event trace =
        io.sluice.model.TraceEvent.builder().traceId("t").eventType("e").build();
    try (DeadLetterSpool spool = DeadLetterSpool.open(spoolDir)) {
      assertTrue(spool.append(rejected(20, metric)), "metrics lane, batch 2");
      assertTrue(spool.append(rejected(5, trace)), "traces lane, batch 1: earlier index, kept");
      assertTrue(spool.append(rejected(3)), "set aside: kept");
      assertFalse(spool.append(rejected(5, trace)), "the traces lane retried: a repeat");
      assertFalse(spool.append(rejected(20, metric)), "the metrics lane retried: a repeat");
      assertTrue(spool.append(rejected(21, trace)));
      assertEquals(4, spool.count());
    }
    try (DeadLetterSpool reopened = DeadLetterSpool.open(spoolDir)) {
      assertFalse(reopened.append(rejected(21, trace)), "a repeat after reopening");
      assertFalse(reopened.append(rejected(20, metric)), "a repeat after reopening");
      assertTrue(reopened.append(rejected(22, metric)));
    }
  }

  @Test
  void append_largeRecordAndLongMessage_keepsTheRecordAndCapsTheMessage() {
    byte[] record = new byte[200_000];
    for (int i = 0; i < record.length; i++) {
      record[i] = (byte) (i * 31);
    }
    String message = "x".repeat(10_000);
    try (DeadLetterSpool spool = DeadLetterSpool.open(spoolDir)) {
      spool.append(
          new DeadLetter(
              DeadLetter.Reason.REJECTED, 0, "54000", message, 2, Instant.EPOCH, record));
      DeadLetter read = all(spool).get(0);
      assertArrayEquals(record, read.record());
      assertEquals(4_000, read.message().length());
    }
  }

  @Test
  void append_indexNotPastTheLast_isSkipped() {
    try (DeadLetterSpool spool = DeadLetterSpool.open(spoolDir)) {
      assertTrue(spool.append(rejected(5)));
      assertFalse(spool.append(rejected(5)));
      assertFalse(spool.append(rejected(3)));
      assertTrue(spool.append(rejected(6)));
      assertEquals(2, spool.count());
      assertEquals(List.of(5L, 6L), all(spool).stream().map(DeadLetter::spoolIndex).toList());
    }
  }

  @Test
  void open_afterClose_keepsLettersAndTheirOrderAndStillSkipsRepeats() {
    try (DeadLetterSpool spool = DeadLetterSpool.open(spoolDir)) {
      spool.append(rejected(10));
      spool.append(rejected(20));
    }
    try (DeadLetterSpool spool = DeadLetterSpool.open(spoolDir)) {
      List<DeadLetter> read = all(spool);
      assertEquals(2, read.size());
      assertSame(rejected(10), read.get(0));
      assertSame(rejected(20), read.get(1));
      // a batch retried after a restart sets the same events aside again: they must not repeat
      assertFalse(spool.append(rejected(20)));
      assertFalse(spool.append(rejected(15)));
      assertTrue(spool.append(rejected(21)));
    }
    try (DeadLetterSpool spool = DeadLetterSpool.open(spoolDir)) {
      assertEquals(3, spool.count());
    }
  }
}
