package io.sluice.cli;

import io.sluice.model.Event;
import io.sluice.model.TraceEvent;
import io.sluice.spool.Spool;
import io.sluice.spool.SpoolCycle;
import io.sluice.spool.SpoolReader;
import io.sluice.spool.SpoolRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A spool of numbered trace events (message {@code event-<n>}) written once, with where each record
 * lies on disk, and cheap copies of it: cycle files are 80 MiB sparse files, so a copy writes only
 * their non-zero megabytes.
 */
final class BaseSpool {
  /** Where one record lies: its cycle file, header offset, end offset, and its event's number. */
  record Placed(Path file, long header, long end, int number) {}

  final Path dir;
  final List<Placed> records = new ArrayList<>();
  final List<Path> files;

  private BaseSpool(Path dir, List<Path> files) {
    this.dir = dir;
    this.files = files;
  }

  /** Writes {@code perFile} events into each of {@code hoursAgo.length} hourly cycle files. */
  static BaseSpool write(Path dir, int perFile, int... hoursAgo) {
    int n = 0;
    for (int h : hoursAgo) {
      List<Event> events = new ArrayList<>();
      for (int i = 0; i < perFile; i++, n++) {
        events.add(
            TraceEvent.builder().traceId("suite").eventType("step").message("event-" + n).build());
      }
      SpoolFixtures.append(dir, events, SpoolFixtures.hoursAgo(h));
    }
    List<Path> files;
    try (Spool spool = Spool.openReadOnly(dir)) {
      files = spool.cycles().stream().map(SpoolCycle::file).toList();
    }
    BaseSpool base = new BaseSpool(dir, files);
    base.locate();
    return base;
  }

  private void locate() {
    try (Spool spool = Spool.openReadOnly(dir);
        SpoolReader reader = spool.reader()) {
      List<SpoolCycle> cycles = spool.cycles();
      int number = 0;
      for (SpoolRecord r = reader.next(); r != null; r = reader.next()) {
        long index = r.index();
        SpoolCycle c =
            cycles.stream().filter(x -> x.lastIndex() >= index).findFirst().orElseThrow();
        long payload = reader.lastRecordOffset();
        records.add(new Placed(c.file(), payload - 4, payload + r.payload().length, number++));
      }
    }
  }

  int size() {
    return records.size();
  }

  List<Placed> in(Path file) {
    return records.stream().filter(p -> p.file().equals(file)).toList();
  }

  /** Copies the spool folder to {@code to}, keeping cycle files sparse. */
  void copyTo(Path to) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path src : all.toList()) {
        Path dst = to.resolve(dir.relativize(src).toString());
        if (Files.isDirectory(src)) {
          Files.createDirectories(dst);
        } else {
          copySparse(src, dst);
        }
      }
    }
  }

  private static void copySparse(Path src, Path dst) throws IOException {
    byte[] zeros = new byte[1 << 20];
    try (FileChannel in = FileChannel.open(src, StandardOpenOption.READ);
        FileChannel out =
            FileChannel.open(dst, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer chunk = ByteBuffer.allocate(zeros.length);
      for (long at = 0; at < in.size(); at += zeros.length) {
        chunk.clear();
        while (chunk.hasRemaining() && in.read(chunk, at + chunk.position()) > 0) {
          // fill the chunk
        }
        int n = chunk.position();
        if (Arrays.mismatch(chunk.array(), 0, n, zeros, 0, n) >= 0) {
          out.write(ByteBuffer.wrap(chunk.array(), 0, n), at);
        }
      }
      if (out.size() < in.size()) {
        out.write(ByteBuffer.wrap(new byte[1]), in.size() - 1); // the length, sparse
      }
    }
  }
}
