package io.sluice.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Replaces a damaged cycle file by a clean one holding the same sequence of records: every readable
 * record at its own index, and an {@linkplain SpoolRecord#unreadable() unreadable marker} in place
 * of each record that could not be read. So indexes never move (a consumer's checkpoint stays
 * valid), the spool's record count never goes down, and Chronicle only ever reads files it wrote
 * itself.
 *
 * <p>The clean file is written by Chronicle into a work folder ({@code .rebuild/}) with the clock
 * set inside the file's cycle; then the damaged file moves to {@code quarantine/} and the clean one
 * takes its name. A crash in between leaves the clean file in {@code .rebuild/}, and the next
 * writable open finishes the move ({@link #finishInterrupted}).
 */
final class CycleFileRebuild {
  static final String WORK = ".rebuild";
  private static final String READY = "ready";

  private CycleFileRebuild() {}

  /**
   * Rebuilds {@code scan.file} of {@code cycle}; returns where the damaged original went. Writes an
   * end-of-cycle marker when {@code rolled} (a later cycle file exists), as a roll would have.
   */
  static Path rebuild(Path dir, CycleFileScan scan, int cycle, RollCycle rollCycle, boolean rolled)
      throws IOException {
    Path work = dir.resolve(WORK);
    deleteTree(work);
    Files.createDirectories(work);
    Path name = scan.file.getFileName();
    AtomicLong now = new AtomicLong(cycle * (long) rollCycle.lengthInMillis());
    try (SingleChronicleQueue q =
            SingleChronicleQueueBuilder.single(work.toFile())
                .rollCycle(rollCycle)
                .timeProvider(now::get)
                .build();
        ExcerptAppender appender = q.createAppender();
        FileBytes source = new FileBytes(scan.file)) {
      for (int seq = 0; seq < scan.records(); seq++) {
        long pos = scan.position(seq);
        byte[] payload;
        int len = pos < 0 ? 0 : source.readInt(pos) & CycleFileScan.LENGTH_MASK;
        if (pos < 0 || len <= 0 || len > CycleFileScan.MAX_RECORD_BYTES) {
          payload = SpoolRecord.unreadableMarker();
        } else {
          payload = source.read(pos + 4, len);
        }
        try (DocumentContext dc = appender.writingDocument()) {
          dc.wire().bytes().write(payload);
        }
      }
      if (rolled && scan.records() > 0) {
        now.set((cycle + 1L) * rollCycle.lengthInMillis()); // the roll writes the end marker
        try (DocumentContext dc = appender.writingDocument()) {
          dc.wire().bytes().writeByte((byte) 0);
        }
      }
    }
    Path clean = work.resolve(name);
    Files.writeString(work.resolve(READY), name.toString());
    Path quarantined = quarantine(dir, scan.file);
    if (Files.exists(clean)) {
      Files.move(clean, scan.file, StandardCopyOption.ATOMIC_MOVE);
    }
    DirectorySync.force(dir);
    deleteTree(work);
    return quarantined;
  }

  /** Moves {@code file} into {@code dir/quarantine/}, under a fresh name if one is taken. */
  static Path quarantine(Path dir, Path file) throws IOException {
    Path folder = dir.resolve(TruncatedFiles.QUARANTINE);
    Files.createDirectories(folder);
    Path target = folder.resolve(file.getFileName());
    for (int i = 1; Files.exists(target); i++) {
      target = folder.resolve(file.getFileName() + "." + i);
    }
    Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  /** Completes a rebuild a crash interrupted after the damaged file was moved away. */
  static void finishInterrupted(Path dir) throws IOException {
    Path work = dir.resolve(WORK);
    Path ready = work.resolve(READY);
    if (Files.exists(ready)) {
      Path name = Path.of(Files.readString(ready).trim());
      Path clean = work.resolve(name);
      if (Files.exists(clean) && !Files.exists(dir.resolve(name))) {
        Files.move(clean, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        DirectorySync.force(dir);
      }
    }
    deleteTree(work);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
