package io.sluice.drill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The crash drill's side file: one per child run and writer thread, one fixed-width record per
 * {@code append} that returned, written right after it returned.
 *
 * <pre>
 * offset  size  field
 *      0     8  sequence number of the event in its (run, thread), from 0, big-endian
 *      8     8  the id append returned: most significant bits
 *     16     8  the id append returned: least significant bits
 * </pre>
 *
 * Each record is one unbuffered {@code write(2)} through a {@link FileChannel}: once the call
 * returns, the bytes are in the kernel's page cache, which a {@code kill -9} of this process cannot
 * take back; no fsync is needed because the drill kills processes, not the OS. A record cut short
 * (the kill landed inside the write) is ignored by the reader: it is at most the last one, and
 * ignoring an acknowledgement only weakens the check, never fakes a pass.
 */
final class AckLog implements AutoCloseable {
  static final int RECORD_BYTES = 24;

  private final FileChannel channel;
  private final ByteBuffer record = ByteBuffer.allocate(RECORD_BYTES);

  private AckLog(FileChannel channel) {
    this.channel = channel;
  }

  static Path file(Path dir, int run, int thread) {
    return dir.resolve(String.format("acks-r%03d-t%d.bin", run, thread));
  }

  static AckLog create(Path file) throws IOException {
    return new AckLog(
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
  }

  void record(long seq, UUID id) throws IOException {
    record.clear();
    record.putLong(seq).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    record.flip();
    while (record.hasRemaining()) {
      channel.write(record);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** One acknowledged append. */
  record Ack(long seq, UUID id) {}

  /** The whole records of {@code file}, in order; a missing file holds none. */
  static List<Ack> read(Path file) {
    List<Ack> acks = new ArrayList<>();
    if (!Files.exists(file)) {
      return acks;
    }
    try {
      ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file));
      while (all.remaining() >= RECORD_BYTES) {
        acks.add(new Ack(all.getLong(), new UUID(all.getLong(), all.getLong())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ack file " + file, e);
    }
    return acks;
  }
}
