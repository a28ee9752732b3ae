package io.sluice.internal.drain;

import io.sluice.internal.codec.EventDecoder;
import io.sluice.model.DeadLetter;
import io.sluice.model.EventKind;
import io.sluice.spool.Spool;
import io.sluice.spool.SpoolConfig;
import io.sluice.spool.SpoolReader;
import io.sluice.spool.SpoolRecord;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The local spool of events PostgreSQL rejected, that could not be decoded, or that were past
 * retention when drained ({@link DeadLetter.Reason}), in folder {@code dead-letters} inside the
 * main spool's folder. Nothing in it is deleted but by an explicit purge ({@code
 * io.sluice.inspect.DeadLetters#purge}, {@code sluice dlq purge}).
 *
 * <pre>
 * record layout, version 1 (big-endian; strings in Java's modified UTF-8 with a 2-byte length)
 * u8      version (1)
 * u8      reason code: DeadLetter.Reason.code(), 1 rejected, 2 damaged, 3 expired
 * i64     index of the event in the main spool
 * i64     failed_at, microseconds since 1970-01-01T00:00Z
 * i32     attempts
 * u8 + s  has-sqlstate flag, SQLSTATE
 * s       message
 * i32 + b length, then the original spool record bytes
 * u32     CRC-32C of every byte before it
 * </pre>
 *
 * <h2>Exactly once</h2>
 *
 * Dead letters are appended inside the transaction of the batch that sets them aside, after its
 * checkpoint compare-and-set succeeded (the checkpoint row stays locked until COMMIT, so no other
 * drainer can commit those events meanwhile), and before its COMMIT. If the COMMIT fails or the
 * process dies before it, the batch is retried (by this drainer or the one that takes over) and the
 * same events are set aside again; {@link #append} skips an event whose main-spool index is not
 * past the last one already here of its group, re-reading what another process appended, so each
 * appears once. The groups are the rows PostgreSQL rejected, by event kind, and the records set
 * aside unwritten (damaged, expired): each group is written by one drain lane ({@link DrainLanes}),
 * in spool order, while lanes set aside at once and so out of spool order overall. A stale batch
 * (the compare failed) sets nothing aside.
 *
 * <p>Appends come from one drain lane at a time (the lanes hold its monitor); reading is
 * thread-safe per reader.
 */
public final class DeadLetterSpool implements AutoCloseable {
  public static final String FOLDER = "dead-letters";
  private static final int VERSION = 1;
  private static final int MAX_MESSAGE_CHARS = 4_000;

  private final Spool spool;

  /** The last main-spool index here of each group (see Exactly once): rejected rows by kind. */
  private final Map<EventKind, Long> lastRejected = new EnumMap<>(EventKind.class);

  /** The same for damaged and expired records, set aside unwritten. */
  private long lastSetAside = Long.MIN_VALUE;

  private long lastLetterRead = -1;

  private DeadLetterSpool(Spool spool) {
    this.spool = spool;
    catchUp();
  }

  /** Reads the letters appended since the last look, by this process or another drainer. */
  private void catchUp() {
    try (SpoolReader reader = spool.reader()) {
      if (lastLetterRead >= 0) {
        reader.seekAfter(lastLetterRead);
      }
      for (SpoolRecord r = reader.next(); r != null; r = reader.next()) {
        DeadLetter letter = decode(r.payload());
        seen(letter, rejectedKind(letter));
        lastLetterRead = r.index();
      }
    }
  }

  /** Opens (creating if needed) the dead-letter spool of the main spool in {@code mainSpoolDir}. */
  public static DeadLetterSpool open(Path mainSpoolDir) {
    return new DeadLetterSpool(Spool.open(SpoolConfig.builder(folder(mainSpoolDir)).build()));
  }

  /**
   * Opens the dead-letter spool of the main spool in {@code mainSpoolDir} for reading only (the
   * inspector; a live drainer may be appending). {@link #append} on it throws.
   *
   * @throws io.sluice.spool.SpoolException if there is no dead-letter spool there (the message
   *     names the folder)
   */
  public static DeadLetterSpool openReadOnly(Path mainSpoolDir) {
    return new DeadLetterSpool(Spool.openReadOnly(folder(mainSpoolDir)));
  }

  public static Path folder(Path mainSpoolDir) {
    return mainSpoolDir.resolve(FOLDER);
  }

  /**
   * Appends {@code letter} unless one of its group (see Exactly once) for the same or a later spool
   * index is already here.
   */
  public boolean append(DeadLetter letter) {
    EventKind rejected = rejectedKind(letter);
    long last =
        rejected == null ? lastSetAside : lastRejected.getOrDefault(rejected, Long.MIN_VALUE);
    if (letter.spoolIndex() <= last) {
      return false;
    }
    lastLetterRead = spool.append(encode(letter));
    seen(letter, rejected);
    return true;
  }

  private void seen(DeadLetter letter, EventKind rejected) {
    if (rejected == null) {
      lastSetAside = Math.max(lastSetAside, letter.spoolIndex());
    } else {
      lastRejected.merge(rejected, letter.spoolIndex(), Math::max);
    }
  }

  /** The kind of a rejected row; {@code null} for a record set aside unwritten. */
  private static EventKind rejectedKind(DeadLetter letter) {
    if (letter.reason() != DeadLetter.Reason.REJECTED) {
      return null;
    }
    try {
      return new EventDecoder().decode(letter.record()).event().kind();
    } catch (RuntimeException e) {
      return null; // PostgreSQL saw the row, so it decodes; if not, it groups with the damaged
    }
  }

  /**
   * Appends a batch's set-aside records and rejected rows in spool order, after its checkpoint
   * compare-and-set and before the commit that counts them (see the class notes on exactly once).
   */
  void appendInOrder(List<DeadLetter> setAside, List<Rejection> rejected, Instant now) {
    if (setAside.isEmpty() && rejected.isEmpty()) {
      return;
    }
    if (spool.lastIndex() != lastLetterRead) {
      catchUp();
    }
    List<DeadLetter> letters = new ArrayList<>(setAside);
    for (Rejection r : rejected) {
      letters.add(r.toDeadLetter(now));
    }
    letters.sort(Comparator.comparingLong(DeadLetter::spoolIndex));
    for (DeadLetter letter : letters) {
      append(letter);
    }
  }

  /**
   * Sets aside the batch's damaged, expired and rejected records. A failure here is the dead-letter
   * spool's (its disk or files), never the database's configuration: the drainer stops, saying so,
   * instead of halting as a configuration fault and re-trying the same write forever.
   */
  void appendOrStop(
      Batch batch, List<Rejection> rejected, Instant now, java.nio.file.Path spoolDir) {
    try {
      appendInOrder(batch.setAside, rejected, now);
    } catch (io.sluice.spool.SpoolException e) {
      throw new DrainStoppedException(
          "cannot set aside "
              + (batch.setAside.size() + rejected.size())
              + " event(s) of spool records up to "
              + batch.lastIndex
              + " in "
              + folder(spoolDir)
              + ": "
              + e.getMessage()
              + ". Nothing was committed; free disk or repair that folder (`sluice repair`), then"
              + " restart",
          e);
    }
  }

  /** Calls {@code action} for each dead letter, oldest first. */
  public void forEach(Consumer<DeadLetter> action) {
    try (SpoolReader reader = spool.reader()) {
      for (SpoolRecord r = reader.next(); r != null; r = reader.next()) {
        if (r.unreadable()) {
          continue; // lost to damage and repaired; counted by the spool, not a dead letter
        }
        action.accept(decode(r.payload()));
      }
    }
  }

  /** Dead letters held. */
  public long count() {
    return spool.countAfter(-1) - spool.unreadableCount();
  }

  static byte[] encode(DeadLetter d) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(d.record().length + 256);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(VERSION);
      out.writeByte(d.reason().code());
      out.writeLong(d.spoolIndex());
      Instant t = d.failedAt();
      out.writeLong(t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000);
      out.writeInt(d.attempts());
      out.writeBoolean(d.sqlState() != null);
      if (d.sqlState() != null) {
        out.writeUTF(d.sqlState());
      }
      String message = d.message() == null ? "" : d.message();
      out.writeUTF(
          message.length() > MAX_MESSAGE_CHARS ? message.substring(0, MAX_MESSAGE_CHARS) : message);
      out.writeInt(d.record().length);
      out.write(d.record());
      CRC32C crc = new CRC32C();
      crc.update(bytes.toByteArray());
      out.writeInt((int) crc.getValue());
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static DeadLetter decode(byte[] payload) {
    if (payload.length < 4) {
      throw new IllegalStateException("dead letter of " + payload.length + " bytes is truncated");
    }
    CRC32C crc = new CRC32C();
    crc.update(payload, 0, payload.length - 4);
    if ((int) crc.getValue() != ByteBuffer.wrap(payload, payload.length - 4, 4).getInt()) {
      throw new IllegalStateException("dead letter checksum mismatch");
    }
    try (DataInputStream in =
        new DataInputStream(new java.io.ByteArrayInputStream(payload, 0, payload.length - 4))) {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IllegalStateException("dead letter format version " + version + " (reads 1)");
      }
      DeadLetter.Reason reason = DeadLetter.Reason.fromCode(in.readUnsignedByte());
      long index = in.readLong();
      long micros = in.readLong();
      int attempts = in.readInt();
      String state = in.readBoolean() ? in.readUTF() : null;
      String message = in.readUTF();
      byte[] record = new byte[in.readInt()];
      in.readFully(record);
      Instant at =
          Instant.ofEpochSecond(
              Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
      return new DeadLetter(reason, index, state, message, attempts, at, record);
    } catch (IOException e) {
      throw new IllegalStateException("dead letter does not decode: " + e, e);
    }
  }

  @Override
  public void close() {
    spool.close();
  }
}
