package io.sluice.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a spool file with plain positional reads, never a memory mapping: bytes past the end of a
 * damaged or truncated file read as zeros instead of crashing the JVM with SIGBUS (which a mapping
 * does). Keeps one 64 KiB block, enough for walking record headers in order.
 *
 * <p>Not thread-safe.
 */
final class FileBytes implements AutoCloseable {
  private static final int BLOCK = 64 * 1024;
  private static final byte[] ZEROS = new byte[1 << 20];

  private final Path file;
  private final FileChannel channel;
  private final long size;
  private final ByteBuffer block = ByteBuffer.allocate(BLOCK).order(ByteOrder.LITTLE_ENDIAN);
  private long blockStart = -1;
  private int blockLength;

  FileBytes(Path file) throws IOException {
    this.file = file;
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    this.size = channel.size();
  }

  Path file() {
    return file;
  }

  long size() {
    return size;
  }

  /** The little-endian int at {@code pos}; 0 past the end of the file. */
  int readInt(long pos) throws IOException {
    if (pos < 0 || pos + 4 > size) {
      return 0;
    }
    load(pos, 4);
    return block.getInt((int) (pos - blockStart));
  }

  long readLong(long pos) throws IOException {
    if (pos < 0 || pos + 8 > size) {
      return 0;
    }
    load(pos, 8);
    return block.getLong((int) (pos - blockStart));
  }

  /** {@code length} bytes from {@code pos}; zeros past the end of the file. */
  byte[] read(long pos, int length) throws IOException {
    byte[] out = new byte[length];
    ByteBuffer dst = ByteBuffer.wrap(out);
    long at = pos;
    while (dst.hasRemaining() && at < size) {
      int n = channel.read(dst, at);
      if (n < 0) {
        break;
      }
      at += n;
    }
    return out;
  }

  private void load(long pos, int length) throws IOException {
    if (blockStart >= 0 && pos >= blockStart && pos + length <= blockStart + blockLength) {
      return;
    }
    blockStart = pos - pos % BLOCK;
    if (pos + length > blockStart + BLOCK) {
      blockStart = pos;
    }
    block.clear();
    while (block.hasRemaining()) {
      int n = channel.read(block, blockStart + block.position());
      if (n <= 0) {
        break;
      }
    }
    blockLength = block.position();
    while (blockLength < length) { // past the end: zeros
      block.put(blockLength++, (byte) 0);
    }
  }

  /**
   * Offset just past the last non-zero byte of the file (0 if all zero). Chronicle creates cycle
   * files sparse and zero-filled, so this is where the written data ends, damage included.
   */
  long endOfNonZero() throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
    long end = 0;
    for (long at = 0; at < size; at += chunk.capacity()) {
      chunk.clear();
      while (chunk.hasRemaining()) {
        int n = channel.read(chunk, at + chunk.position());
        if (n <= 0) {
          break;
        }
      }
      byte[] a = chunk.array();
      int filled = chunk.position();
      if (java.util.Arrays.mismatch(a, 0, filled, ZEROS, 0, filled) < 0) {
        continue; // the common case: a hole of the sparse file
      }
      for (int i = filled - 1; i >= 0; i--) {
        if (a[i] != 0) {
          end = at + i + 1;
          break;
        }
      }
    }
    return end;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
