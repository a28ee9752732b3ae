package io.sluice.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells how many bytes the file system holding a folder can still give this process. A seam for
 * tests, which cannot fill a real disk; production uses {@link #FILE_STORE}.
 */
@FunctionalInterface
interface FreeSpaceProbe {
  /** {@link java.nio.file.FileStore#getUsableSpace()}: one {@code statfs}, a few microseconds. */
  FreeSpaceProbe FILE_STORE = directory -> Files.getFileStore(directory).getUsableSpace();

  long usableBytes(Path directory) throws IOException;
}
