package io.sluice.internal.drain;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Properties;

/**
 * The highest checkpoint a drainer of this spool committed, kept beside the spool so that status
 * and health can count the backlog while PostgreSQL cannot be read (before the first contact,
 * during an outage, in a process that only appends), and so that a drainer finding the database's
 * checkpoint behind it knows a failover or restore rolled it back (the high-water mark).
 *
 * <pre>
 * last-checkpoint.properties (temp file, fsync when forced, then rename)
 * key                   value
 * format                1; readers ignore a file whose format they do not know
 * spool.id              the spool the checkpoint belongs to; ignored for another spool
 * last_index            spool index of the last event committed or set aside; -1 none
 * committed_events      events committed from this spool, ever
 * dead_lettered_events  events set aside, ever
 * lost_events           events counted lost after a rolled-back checkpoint, ever (absent: 0)
 * redrained_events      events re-drained after a rolled-back checkpoint, ever (absent: 0)
 * updated_at            ISO-8601 UTC
 * </pre>
 *
 * <p>Never used to resume: the drainer always resumes from the checkpoint in PostgreSQL. Never
 * lowered (a checkpoint behind the one written is a rollback, reported, not recorded). Written at
 * most once a second after commits, and forced (fsynced, with its folder) when the drainer stops
 * and before committed cycle files are deleted: so the mark covers every deleted record, and may
 * lag the database by about a second of commits after a crash. Stateless reads; one writer per
 * process (the drainer thread).
 */
public final class LastCheckpointFile {
  public static final String FILE_NAME = "last-checkpoint.properties";
  private static final int FORMAT = 1;
  private static final long WRITE_EVERY_NANOS = 1_000_000_000L;

  private final Path directory;
  private long lastWriteNanos = System.nanoTime() - WRITE_EVERY_NANOS;
  private Checkpoint written;
  private long redrained;
  private long writtenRedrained;

  public LastCheckpointFile(Path spoolDirectory, String spoolId) {
    this.directory = spoolDirectory;
    this.written = read(spoolDirectory, spoolId);
  }

  /**
   * Events re-drained after a rollback, ever, as last written for {@code spoolId}; 0 when none is
   * known.
   */
  public static long readRedrained(Path spoolDirectory, String spoolId) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(spoolDirectory.resolve(FILE_NAME))) {
      p.load(in);
      return spoolId.equals(p.getProperty("spool.id"))
          ? Long.parseLong(p.getProperty("redrained_events", "0"))
          : 0;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Sets the re-drained count written with the next checkpoint. */
  void redrained(long events) {
    this.redrained = events;
  }

  /** The highest checkpoint written (here or by an earlier process), or {@code null}. */
  Checkpoint highWater() {
    return written;
  }

  /**
   * The checkpoint last written for {@code spoolId} in {@code spoolDirectory}, or {@code null} if
   * none is there (or it belongs to another spool, or cannot be read).
   */
  public static Checkpoint read(Path spoolDirectory, String spoolId) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(spoolDirectory.resolve(FILE_NAME))) {
      p.load(in);
      if (!Integer.toString(FORMAT).equals(p.getProperty("format"))
          || !spoolId.equals(p.getProperty("spool.id"))) {
        return null;
      }
      return new Checkpoint(
          spoolId,
          Long.parseLong(p.getProperty("last_index")),
          Long.parseLong(p.getProperty("committed_events")),
          Long.parseLong(p.getProperty("dead_lettered_events")),
          Long.parseLong(p.getProperty("lost_events", "0")));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      return null; // advisory: a torn or foreign file means "not known"
    }
  }

  /**
   * Writes {@code cp} unless it was written less than a second ago (or {@code force}: then also
   * fsynced), or is not ahead of the one written.
   */
  void write(Checkpoint cp, boolean force) {
    if (cp == null || (cp.equals(written) && redrained == writtenRedrained)) {
      return;
    }
    if (written != null
        && written.spoolId().equals(cp.spoolId())
        && (cp.lastIndex() < written.lastIndex() || cp.dealtWith() < written.dealtWith())) {
      return;
    }
    long now = System.nanoTime();
    if (!force && now - lastWriteNanos < WRITE_EVERY_NANOS) {
      return;
    }
    lastWriteNanos = now;
    Properties p = new Properties();
    p.setProperty("format", Integer.toString(FORMAT));
    p.setProperty("spool.id", cp.spoolId());
    p.setProperty("last_index", Long.toString(cp.lastIndex()));
    p.setProperty("committed_events", Long.toString(cp.committedEvents()));
    p.setProperty("dead_lettered_events", Long.toString(cp.deadLetteredEvents()));
    p.setProperty("lost_events", Long.toString(cp.lostEvents()));
    p.setProperty("redrained_events", Long.toString(redrained));
    p.setProperty("updated_at", Instant.now().toString());
    Path file = directory.resolve(FILE_NAME);
    Path tmp = directory.resolve(FILE_NAME + "." + ProcessHandle.current().pid() + ".tmp");
    try {
      try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
        p.store(out, "Highest checkpoint a Sluice drainer committed. Do not edit.");
        if (force) {
          out.getFD().sync();
        }
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      if (force) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
          dir.force(true); // the rename itself
        }
      }
      written = cp;
      writtenRedrained = redrained;
    } catch (IOException e) {
      // advisory: a full or read-only folder must not stop draining
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // nothing more to do
      }
    }
  }
}
