package io.sluice.cli;

import io.sluice.spool.DamagedSpoolFileException;
import io.sluice.spool.Spool;
import io.sluice.spool.SpoolException;
import io.sluice.spool.SpoolVerification;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Opens a spool for the inspector commands, read-only, and turns every reason it cannot be read
 * into one {@link ConfigurationException} line (exit code 2) that names the path and what to do: a
 * missing folder, a file, an empty folder, a folder of other files, a permission problem, a spool
 * of a newer format version.
 *
 * <p>Checked here, before Chronicle Queue sees the folder: its own errors on an unreadable file are
 * stack-trace-shaped and do not name the file.
 */
final class ReadOnlySpool {
  static final String METADATA = "spool.properties";

  private ReadOnlySpool() {}

  /** The spool in {@code dir}, opened read-only; the caller closes it. */
  static Spool open(Path dir) {
    check(dir);
    try {
      return Spool.openReadOnly(dir);
    } catch (DamagedSpoolFileException e) {
      // Damage, not a usage error: exit 1 like `verify` finding a bad record.
      throw new CommandFailedException(ErrorReporter.oneLine(e.getMessage()), e);
    } catch (SpoolException e) {
      // e.g. "has format version 2 (this Sluice reads versions 1..1). Use a newer Sluice"
      throw new ConfigurationException(ErrorReporter.oneLine(e.getMessage()), e);
    } catch (RuntimeException e) {
      AccessDeniedException denied = deniedCause(e);
      if (denied != null) {
        throw permission(dir, Path.of(String.valueOf(denied.getFile())), e);
      }
      throw new ConfigurationException(
          "Cannot open spool "
              + dir
              + ": "
              + ErrorReporter.oneLine(String.valueOf(e.getMessage()))
              + ". Check that it is a Sluice spool folder, or rerun with --verbose.",
          e);
    }
  }

  /** The structural check of the spool in {@code dir} (plain reads; never hangs on damage). */
  static SpoolVerification verification(Path dir) {
    check(dir);
    try {
      return SpoolVerification.of(dir);
    } catch (SpoolException e) {
      throw new ConfigurationException(ErrorReporter.oneLine(e.getMessage()), e);
    }
  }

  /** Refuses, with one line, a {@code dir} that cannot be read as a spool. */
  static void check(Path dir) {
    if (Files.isRegularFile(dir)) {
      throw new ConfigurationException(
          "Not a spool: "
              + dir
              + " is a file (expected a spool folder). Point --spool or"
              + " SLUICE_SPOOL_DIR at a spool folder.");
    }
    if (!Files.isDirectory(dir)) {
      throw new ConfigurationException(
          "No spool at "
              + dir
              + ": the folder does not exist (expected a spool folder holding "
              + METADATA
              + "). Check --spool or SLUICE_SPOOL_DIR.");
    }
    if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
      throw permission(dir, dir, null);
    }
    if (!Files.exists(dir.resolve(METADATA))) {
      throw new ConfigurationException(
          (isEmpty(dir)
                  ? "No spool at " + dir + ": the folder is empty"
                  : "Not a spool: " + dir + " has files but no " + METADATA)
              + " (expected a spool folder holding "
              + METADATA
              + " and .cq4 cycle files)."
              + " Point --spool or SLUICE_SPOOL_DIR at the folder Sluice writes to.");
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.{cq4,cq4t,properties}")) {
      for (Path f : files) {
        if (!Files.isReadable(f)) {
          throw permission(dir, f, null);
        }
      }
    } catch (IOException e) {
      throw new ConfigurationException("Cannot list spool " + dir + ": " + e + ".", e);
    }
  }

  /**
   * Refuses a spool this user cannot write (for {@code dlq replay} and {@code dlq purge}), naming
   * the first file that is read-only.
   */
  static void checkWritable(Path dir) {
    check(dir);
    try (Stream<Path> files = Files.list(dir)) {
      Path denied =
          Stream.concat(Stream.of(dir), files.filter(f -> f.toString().endsWith(".cq4t")))
              .filter(f -> !Files.isWritable(f))
              .findFirst()
              .orElse(null);
      if (denied != null) {
        throw new ConfigurationException(
            "Cannot write spool "
                + dir
                + ": permission denied on "
                + denied
                + " (expected write access for this command). Run as the spool's owner"
                + " (see ls -l "
                + dir
                + ").");
      }
    } catch (IOException e) {
      throw new ConfigurationException("Cannot list spool " + dir + ": " + e + ".", e);
    }
  }

  private static ConfigurationException permission(Path dir, Path file, Throwable cause) {
    return new ConfigurationException(
        "Cannot read spool "
            + dir
            + ": permission denied on "
            + file
            + " (expected read access to the folder and its files). Run as the spool's owner"
            + " (see ls -l "
            + dir
            + ").",
        cause);
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  private static AccessDeniedException deniedCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof AccessDeniedException a) {
        return a;
      }
    }
    return null;
  }
}
