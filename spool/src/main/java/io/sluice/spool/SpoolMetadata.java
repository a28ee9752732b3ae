package io.sluice.spool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

/**
 * The spool's identity card, {@code spool.properties}, written once when the spool is created.
 *
 * <pre>
 * key             value
 * format.version  1          readers refuse a version they do not know
 * spool.id        UUID       the drainer's checkpoint in PostgreSQL is keyed by it, so a wiped
 *                            and re-created spool never resumes at another spool's index
 * roll.cycle      HOURLY     a {@link RollCycle} name
 * created.at      ISO-8601
 * </pre>
 */
record SpoolMetadata(int formatVersion, String spoolId, RollCycle rollCycle, Instant createdAt) {
  static final String FILE_NAME = "spool.properties";
  static final int FORMAT_VERSION = 1;

  /** Ending of the temporary files {@link #linkInto} writes (and removes). */
  static final String TMP_SUFFIX = ".tmp";

  static SpoolMetadata create(RollCycle rollCycle) {
    return new SpoolMetadata(
        FORMAT_VERSION, UUID.randomUUID().toString(), rollCycle, Instant.now());
  }

  static boolean existsIn(Path directory) {
    return Files.isRegularFile(directory.resolve(FILE_NAME));
  }

  static SpoolMetadata read(Path directory) {
    Path file = directory.resolve(FILE_NAME);
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new SpoolException(
          "Cannot read spool metadata " + file + ": " + e + ". Check the file's permissions.", e);
    }
    int version = parseInt(file, p, "format.version");
    if (version > FORMAT_VERSION) {
      throw new SpoolCorruptedException(
          "Spool "
              + directory
              + " has format version "
              + version
              + " (this Sluice reads versions 1.."
              + FORMAT_VERSION
              + "). Use a newer Sluice to read it.");
    }
    String id = required(file, p, "spool.id");
    RollCycle cycle;
    try {
      cycle = RollCycle.valueOf(required(file, p, "roll.cycle"));
    } catch (IllegalArgumentException e) {
      throw new SpoolCorruptedException(
          "Spool metadata " + file + " names an unknown roll.cycle " + p.getProperty("roll.cycle"));
    }
    Instant created = Instant.parse(required(file, p, "created.at"));
    return new SpoolMetadata(version, id, cycle, created);
  }

  /**
   * Writes the file atomically and durably, unless a spool.properties is already there: written and
   * fsynced under a name of this process's own, hard-linked to {@code spool.properties} (which
   * fails if the name exists: never overwrites another process's id), temp name removed, folder
   * fsynced.
   *
   * @return true if this call created the file, false if one was already there
   */
  boolean linkInto(Path directory) {
    Path file = directory.resolve(FILE_NAME);
    Path tmp =
        directory.resolve(
            FILE_NAME + "." + ProcessHandle.current().pid() + "." + spoolId + TMP_SUFFIX);
    Properties p = new Properties();
    p.setProperty("format.version", Integer.toString(formatVersion));
    p.setProperty("spool.id", spoolId);
    p.setProperty("roll.cycle", rollCycle.name());
    p.setProperty("created.at", createdAt.toString());
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        p.store(out, "Sluice spool identity. Do not edit.");
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      boolean created;
      try {
        Files.createLink(file, tmp);
        created = true;
      } catch (FileAlreadyExistsException e) {
        created = false;
      } catch (UnsupportedOperationException e) {
        // no hard links on this file system: the caller's lock alone keeps creators apart
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        created = true;
      }
      Files.deleteIfExists(tmp);
      DirectorySync.force(directory);
      return created;
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the message below names the folder; a stale temporary is removed by the next creator
      }
      throw new SpoolException(
          "Cannot write spool metadata " + file + ": " + e + ". Check free disk and permissions.",
          e);
    }
  }

  private static String required(Path file, Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new SpoolCorruptedException(
          "Spool metadata " + file + " lacks " + key + ". The spool folder is damaged.");
    }
    return v.trim();
  }

  private static int parseInt(Path file, Properties p, String key) {
    String v = required(file, p, key);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new SpoolCorruptedException(
          "Spool metadata " + file + " has " + key + "=" + v + " (expected a whole number)");
    }
  }
}
