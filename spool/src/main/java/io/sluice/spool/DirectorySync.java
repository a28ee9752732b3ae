package io.sluice.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Makes a folder's entries (new or renamed files) survive power loss. */
final class DirectorySync {
  private DirectorySync() {}

  static void force(Path directory) throws IOException {
    // Linux allows fsync on a directory opened read-only; it persists the entries a rename made.
    try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
