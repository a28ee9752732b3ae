package io.sluice.spool;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/** Checks and creates the folder a spool lives in. */
final class SpoolFolder {
  private SpoolFolder() {}

  /** Creates the folder readable by its owner only (events may hold personal data). */
  static void createOwnerOnly(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
  }

  static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  /** Refuses a folder that is missing, not a spool, or unreadable, naming it. */
  static void checkReadable(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new SpoolException(
          "Not a spool: "
              + dir
              + " is a file (expected a spool folder). Check --spool or"
              + " SLUICE_SPOOL_DIR.");
    }
    if (!Files.isDirectory(dir)) {
      throw new SpoolException(
          "No spool at " + dir + ": the folder does not exist. Check --spool or SLUICE_SPOOL_DIR.");
    }
    if (!SpoolMetadata.existsIn(dir)) {
      throw notASpool(dir);
    }
    if (!Files.isReadable(dir.resolve(SpoolMetadata.FILE_NAME))) {
      throw new SpoolException(
          "Cannot read spool " + dir + ": permission denied. Run as the spool's owner.");
    }
  }

  static SpoolException notASpool(Path dir) {
    return new SpoolException(
        "Not a spool: "
            + dir
            + " has files but no "
            + SpoolMetadata.FILE_NAME
            + ". Point --spool at a spool folder, or at a new or empty one to create a spool.");
  }
}
