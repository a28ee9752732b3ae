package io.sluice.spool;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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

  /**
   * Removes temporaries a creator killed mid-way left behind ({@code
   * spool.properties.<pid>.<id>.tmp}); called under the creation lock only.
   */
  static void removeStaleTemporaries(Path dir) throws IOException {
    try (DirectoryStream<Path> tmps =
        Files.newDirectoryStream(dir, SpoolMetadata.FILE_NAME + ".*" + SpoolMetadata.TMP_SUFFIX)) {
      for (Path tmp : tmps) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /**
   * Refuses to create a spool in a folder that already holds files (other than the creation lock):
   * they would be mixed with the spool's, or they are a spool whose identity was lost.
   */
  static void checkCanCreateIn(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    boolean chronicle = false;
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        String name = p.getFileName().toString();
        if (name.equals(SpoolIdentity.LOCK_FILE)) {
          continue;
        }
        chronicle |= name.endsWith(".cq4") || name.endsWith(".cq4t");
        names.add(name);
      }
    }
    if (names.isEmpty()) {
      return;
    }
    Collections.sort(names);
    String shown =
        String.join(", ", names.subList(0, Math.min(3, names.size())))
            + (names.size() > 3 ? " and " + (names.size() - 3) + " more" : "");
    if (chronicle) {
      throw new SpoolException(
          "Not a spool: "
              + dir
              + " holds Chronicle Queue files ("
              + shown
              + ") but no "
              + SpoolMetadata.FILE_NAME
              + " (expected both: the spool's identity was deleted or never copied). Restore "
              + SpoolMetadata.FILE_NAME
              + " from where the spool came from, or move the folder aside and start on an empty"
              + " one.");
    }
    throw new SpoolException(
        "Not a spool: "
            + dir
            + " holds other files ("
            + shown
            + ") and no "
            + SpoolMetadata.FILE_NAME
            + " (expected a spool folder, or a missing or empty folder to create one in). Use a"
            + " folder of its own for the spool.");
  }

  /** Refuses a folder that is missing, not a spool, or unreadable, naming it. */
  static void checkReadable(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new SpoolException(
          "Not a spool: " + dir + " is a file (expected a spool folder). Open the spool's folder.");
    }
    if (!Files.isDirectory(dir)) {
      throw new SpoolException(
          "No spool at "
              + dir
              + ": the folder does not exist (expected a spool folder holding "
              + SpoolMetadata.FILE_NAME
              + "). Open the folder a writer created.");
    }
    if (!SpoolMetadata.existsIn(dir)) {
      try {
        checkCanCreateIn(dir);
      } catch (IOException e) {
        throw new SpoolException("Cannot list spool " + dir + ": " + e + ".", e);
      }
      throw new SpoolException(
          "No spool at "
              + dir
              + " yet: the folder is empty (expected "
              + SpoolMetadata.FILE_NAME
              + "). A writer or drainer creates the spool when it opens the folder.");
    }
    if (!Files.isReadable(dir.resolve(SpoolMetadata.FILE_NAME))) {
      throw new SpoolException(
          "Cannot read spool " + dir + ": permission denied. Run as the spool's owner.");
    }
  }
}
