package io.sluice.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;

/**
 * One seeded piece of damage done to a copy of a {@link BaseSpool}: what kind, which file, which
 * bytes. Records whose bytes (header included) lie wholly outside the damaged range are intact.
 */
final class SeededDamage {
  enum Kind {
    /** The first 4 KiB of a cycle file (Chronicle's header and index of index arrays). */
    HEADER,
    /** 16 B - 2 KiB of random bytes somewhere among the records. */
    MIDDLE,
    /** Random bytes over the last 256 B - 1 KiB of the written data. */
    TAIL,
    /** A whole 4 KiB page among the records set to zero. */
    ZERO_PAGE,
    /** One bit of one record (header or payload) flipped. */
    BIT_FLIP,
    /** One record's length set to 193,973,658 bytes (past the file's end: SIGBUS in Chronicle). */
    HUGE_LENGTH,
    /** 64-256 random bytes in the first 512 bytes of metadata.cq4t. */
    METADATA,
    /** The cycle file cut short somewhere among its records. */
    TRUNCATION
  }

  final Kind kind;
  final Path file;
  final long from;
  final long to;
  final String what;

  private SeededDamage(Kind kind, Path file, long from, long to, String what) {
    this.kind = kind;
    this.file = file;
    this.from = from;
    this.to = to;
    this.what = what;
  }

  /** True when no byte of {@code r} was touched. */
  boolean intact(BaseSpool.Placed r) {
    if (kind == Kind.METADATA || !r.file().getFileName().equals(file.getFileName())) {
      return true;
    }
    return r.end() <= from || r.header() >= to;
  }

  /** Damages the copy of {@code base} in {@code dir}. */
  static SeededDamage apply(Kind kind, BaseSpool base, Path dir, Random rnd) throws IOException {
    Path baseFile = base.files.get(rnd.nextInt(base.files.size()));
    List<BaseSpool.Placed> records = base.in(baseFile);
    long first = records.get(0).header();
    long end = records.get(records.size() - 1).end();
    Path file = dir.resolve(baseFile.getFileName().toString());
    switch (kind) {
      case HEADER -> {
        return random(kind, file, 0, 4096, rnd);
      }
      case MIDDLE -> {
        int len = 16 + rnd.nextInt(2033);
        long at = first + (long) (rnd.nextDouble() * (end - first - len));
        return random(kind, file, at, at + len, rnd);
      }
      case TAIL -> {
        int len = 256 + rnd.nextInt(769);
        return random(kind, file, end - len, end, rnd);
      }
      case ZERO_PAGE -> {
        long page = (first + (long) (rnd.nextDouble() * (end - first))) / 4096 * 4096;
        write(file, page, new byte[4096]);
        return new SeededDamage(kind, file, page, page + 4096, "zeroed page at " + page);
      }
      case BIT_FLIP -> {
        BaseSpool.Placed r = records.get(rnd.nextInt(records.size()));
        long at = r.header() + (long) (rnd.nextDouble() * (r.end() - r.header()));
        byte[] b = read(file, at, 1);
        b[0] ^= (byte) (1 << rnd.nextInt(8));
        write(file, at, b);
        return new SeededDamage(kind, file, at, at + 1, "bit flipped at " + at);
      }
      case HUGE_LENGTH -> {
        BaseSpool.Placed r = records.get(rnd.nextInt(records.size()));
        ByteBuffer h = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 193_973_658);
        write(file, r.header(), h.array());
        return new SeededDamage(
            kind, file, r.header(), r.header() + 4, "huge length at " + r.header());
      }
      case METADATA -> {
        Path meta = dir.resolve("metadata.cq4t");
        int len = 64 + rnd.nextInt(193);
        long at = rnd.nextInt(512 - 64);
        byte[] junk = new byte[len];
        rnd.nextBytes(junk);
        write(meta, at, junk);
        return new SeededDamage(kind, meta, at, at + len, len + " random bytes at " + at);
      }
      case TRUNCATION -> {
        long at = first + (long) (rnd.nextDouble() * (end - first));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
          ch.truncate(at);
        }
        return new SeededDamage(kind, file, at, Long.MAX_VALUE, "truncated at " + at);
      }
      default -> throw new IllegalArgumentException(kind.name());
    }
  }

  private static SeededDamage random(Kind kind, Path file, long from, long to, Random rnd)
      throws IOException {
    byte[] junk = new byte[(int) (to - from)];
    rnd.nextBytes(junk);
    write(file, from, junk);
    return new SeededDamage(kind, file, from, to, junk.length + " random bytes at " + from);
  }

  private static void write(Path file, long at, byte[] bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(bytes), at);
    }
  }

  private static byte[] read(Path file, long at, int n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(n);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ch.read(b, at);
    }
    return b.array();
  }

  @Override
  public String toString() {
    return kind + " in " + file.getFileName() + " (" + what + ")";
  }
}
