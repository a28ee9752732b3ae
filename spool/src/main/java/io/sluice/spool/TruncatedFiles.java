package io.sluice.spool;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds cycle files shorter than Chronicle maps them. Chronicle creates every cycle file at its
 * full block size (sparse) and never shrinks it, so a shorter one was truncated (a copy cut short,
 * a disk error, a bad restore). Reading it would touch mapped pages past the end of the file: the
 * JVM gets SIGBUS and an {@code InternalError}, not an exception. So such a file is dealt with
 * before anything reads the spool: quarantined (moved to {@code quarantine/}) or refused.
 */
final class TruncatedFiles {
  static final String QUARANTINE = "quarantine";
  private static final Logger log = LoggerFactory.getLogger(TruncatedFiles.class);

  private TruncatedFiles() {}

  /**
   * The cycle files in {@code dir} shorter than {@code minBytes}, and still so after {@link
   * #CREATION_WAIT}: another process creating a cycle file (a new spool, a roll) makes it empty
   * first and sets its length a moment later; that file is not truncated and must not be
   * quarantined under the writer appending to it.
   */
  static List<Path> find(Path dir, long minBytes) {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.cq4")) {
      for (Path f : files) {
        if (Files.size(f) < minBytes) {
          found.add(f);
        }
      }
      long deadline = System.nanoTime() + CREATION_WAIT.toNanos();
      while (!found.isEmpty() && System.nanoTime() - deadline < 0) {
        found.removeIf(f -> !isShort(f, minBytes));
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
    } catch (IOException e) {
      throw new SpoolException("Cannot list the cycle files of spool " + dir + ": " + e, e);
    }
    return found;
  }

  /** How long a short cycle file may take to reach its length before it counts as truncated. */
  static final Duration CREATION_WAIT = Duration.ofSeconds(2);

  private static boolean isShort(Path f, long minBytes) {
    try {
      return Files.size(f) < minBytes;
    } catch (IOException e) {
      return false; // gone (deleted or renamed meanwhile): nothing to quarantine
    }
  }

  static String describe(Path file, long minBytes) {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      size = -1;
    }
    return "cycle file "
        + file
        + " is truncated: "
        + size
        + " bytes (expected at least "
        + minBytes
        + "); its records cannot be read";
  }

  /** Refuses a spool opened for reading when one of its cycle files is truncated. */
  static void refuseForReading(Path dir, long minBytes) {
    List<Path> truncated = find(dir, minBytes);
    if (!truncated.isEmpty()) {
      throw new TruncatedCycleFileException(
          "Cannot read spool "
              + dir
              + ": "
              + describe(truncated.get(0), minBytes)
              + ". Opening it for writing (e.g. `sluice drain`) moves it to "
              + QUARANTINE
              + "/; or restore the file.",
          truncated.get(0));
    }
  }

  /** Refuses (strict) or moves each truncated file to {@code quarantine/}, logging what it did. */
  static void handle(Path dir, long minBytes, boolean refuse) {
    List<Path> truncated = find(dir, minBytes);
    if (truncated.isEmpty()) {
      return;
    }
    if (refuse) {
      throw new TruncatedCycleFileException(
          "Cannot open spool "
              + dir
              + ": "
              + describe(truncated.get(0), minBytes)
              + ". Restore the file, or open without strict mode to move it to "
              + QUARANTINE
              + "/ and go on without its records.",
          truncated.get(0));
    }
    Path quarantine = dir.resolve(QUARANTINE);
    for (Path file : truncated) {
      String what = describe(file, minBytes);
      try {
        Files.createDirectories(quarantine);
        Files.move(file, quarantine.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new SpoolCorruptedException(
            "Cannot quarantine " + file + " (" + what + "): " + e + ". Move it away by hand.", e);
      }
      log.error(
          "Spool {}: {}; moved it to {}/. Events in it that were not yet drained are not"
              + " delivered; `sluice status` shows the gap as backlog no longer on disk.",
          dir,
          what,
          QUARANTINE);
    }
  }
}
