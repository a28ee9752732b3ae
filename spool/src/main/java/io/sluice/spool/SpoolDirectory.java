package io.sluice.spool;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What a spool folder holds, for tools that look at a spool without writing it (inspectors,
 * dead-letter tools, a demo that clears its folder): the one place besides {@link SpoolMetadata}
 * and the cycle files' own code that knows the file names ({@value SpoolMetadata#FILE_NAME}, {@code
 * *.cq4} cycle files, {@code *.cq4t} table store).
 *
 * <p>Every reason a folder cannot be read becomes one {@link SpoolAccessException} that names the
 * path and what to do: a missing folder, a file, an empty folder, a folder of other files, a
 * permission problem, a spool of a newer format version. Checked here, before Chronicle Queue sees
 * the folder: its own errors on an unreadable file are stack-trace-shaped and do not name the file.
 */
public final class SpoolDirectory {
  private SpoolDirectory() {}

  /** True when {@code dir} holds a spool (its metadata file). */
  public static boolean isSpool(Path dir) {
    return Files.isRegularFile(dir.resolve(SpoolMetadata.FILE_NAME));
  }

  /**
   * The spool in {@code dir}, opened read-only; the caller closes it.
   *
   * @throws SpoolAccessException when the folder cannot be read as a spool, including one of a
   *     newer format version
   * @throws TruncatedCycleFileException when a cycle file is cut short (damage, not access)
   */
  public static Spool openReadOnly(Path dir) {
    checkReadable(dir);
    try {
      return Spool.openReadOnly(dir);
    } catch (DamagedSpoolFileException | SpoolAccessException e) {
      throw e; // damage, a truncated file included (exit 1 in the CLI), or an access problem
    } catch (SpoolException e) {
      // e.g. "has format version 2 (this Sluice reads versions 1..1). Use a newer Sluice"
      throw new SpoolAccessException(oneLine(e.getMessage()), e);
    } catch (RuntimeException e) {
      AccessDeniedException denied = deniedCause(e);
      if (denied != null) {
        throw permission(dir, Path.of(String.valueOf(denied.getFile())), e);
      }
      throw new SpoolAccessException(
          "Cannot open spool "
              + dir
              + ": "
              + oneLine(String.valueOf(e.getMessage()))
              + ". Check that it is a Sluice spool folder, or rerun with --verbose.",
          e);
    }
  }

  /**
   * The structural check of the spool in {@code dir} (plain reads; never hangs on damage).
   *
   * @throws SpoolAccessException when the folder cannot be read as a spool
   */
  public static SpoolVerification verification(Path dir) {
    checkReadable(dir);
    try {
      return SpoolVerification.of(dir);
    } catch (SpoolException e) {
      throw new SpoolAccessException(oneLine(e.getMessage()), e);
    }
  }

  /** Refuses, with one line, a {@code dir} that cannot be read as a spool. */
  public static void checkReadable(Path dir) {
    if (Files.isRegularFile(dir)) {
      throw new SpoolAccessException(
          "Not a spool: "
              + dir
              + " is a file (expected a spool folder). Point --spool or"
              + " SLUICE_SPOOL_DIR at a spool folder.");
    }
    if (!Files.isDirectory(dir)) {
      throw new SpoolAccessException(
          "No spool at "
              + dir
              + ": the folder does not exist (expected a spool folder holding "
              + SpoolMetadata.FILE_NAME
              + "). Check --spool or SLUICE_SPOOL_DIR.");
    }
    if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
      throw permission(dir, dir, null);
    }
    if (!Files.exists(dir.resolve(SpoolMetadata.FILE_NAME))) {
      throw new SpoolAccessException(
          (isEmpty(dir)
                  ? "No spool at " + dir + ": the folder is empty"
                  : "Not a spool: " + dir + " has files but no " + SpoolMetadata.FILE_NAME)
              + " (expected a spool folder holding "
              + SpoolMetadata.FILE_NAME
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
      throw new SpoolAccessException("Cannot list spool " + dir + ": " + e + ".", e);
    }
  }

  /**
   * Refuses a spool this user cannot write (for {@code dlq replay} and {@code dlq purge}), naming
   * the first file that is read-only.
   */
  public static void checkWritable(Path dir) {
    checkReadable(dir);
    try (Stream<Path> files = Files.list(dir)) {
      Path denied =
          Stream.concat(Stream.of(dir), files.filter(f -> f.toString().endsWith(".cq4t")))
              .filter(f -> !Files.isWritable(f))
              .findFirst()
              .orElse(null);
      if (denied != null) {
        throw new SpoolAccessException(
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
      throw new SpoolAccessException("Cannot list spool " + dir + ": " + e + ".", e);
    }
  }

  private static SpoolAccessException permission(Path dir, Path file, Throwable cause) {
    return new SpoolAccessException(
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

  private static String oneLine(String message) {
    return message == null ? "(no message)" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      // spool.lock: left by a process that was creating a spool here, not a file of the user's
      return entries.noneMatch(f -> !f.getFileName().toString().equals("spool.lock"));
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
