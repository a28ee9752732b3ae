package io.sluice.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Gives a spool folder its identity exactly once, whichever of several processes (or threads)
 * opening it at the same time comes first.
 *
 * <h2>Design notes</h2>
 *
 * <ul>
 *   <li>Creation runs under an exclusive OS file lock on {@code spool.lock} in the folder ({@code
 *       fcntl}, released by the kernel when the process dies, also after {@code kill -9}). Under
 *       the lock a process re-checks for {@code spool.properties}: the first one creates it, every
 *       later one reads the winner's id. Two threads of one JVM are kept apart by a JVM-wide
 *       monitor, because Java file locks belong to the whole JVM.
 *   <li>The file itself appears atomically: it is written and fsynced under a name of its own, then
 *       hard-linked to {@code spool.properties}, which fails if the name exists (so even without
 *       the lock, e.g. on a file system that ignores it, no process overwrites another's id), and
 *       the folder is fsynced.
 *   <li>A process that finds {@code spool.properties} already there never takes the lock.
 * </ul>
 */
final class SpoolIdentity {
  static final String LOCK_FILE = "spool.lock";
  private static final Object IN_THIS_JVM = new Object();

  private SpoolIdentity() {}

  /**
   * The identity of the spool in {@code dir}: read, or created when the folder holds no spool files
   * yet.
   *
   * @throws SpoolException if the folder holds other files but no identity (naming them)
   */
  static SpoolMetadata readOrCreate(Path dir, RollCycle rollCycle) throws IOException {
    if (SpoolMetadata.existsIn(dir)) {
      return SpoolMetadata.read(dir);
    }
    synchronized (IN_THIS_JVM) {
      try (FileChannel ch =
              FileChannel.open(
                  dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = lock(ch)) {
        if (SpoolMetadata.existsIn(dir)) {
          return SpoolMetadata.read(dir);
        }
        SpoolFolder.removeStaleTemporaries(dir);
        SpoolFolder.checkCanCreateIn(dir);
        SpoolMetadata created = SpoolMetadata.create(rollCycle);
        if (created.linkInto(dir)) {
          return created;
        }
        return SpoolMetadata.read(dir); // lost a race the lock did not see (no locking on this FS)
      }
    }
  }

  /** Work on the folder that no other opener, in this JVM or another process, may overlap. */
  interface FolderWork<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code work} holding the folder's lock ({@code spool.lock}, and this JVM's monitor): the
   * checks and repairs of a writable open run here, so they never look at a {@code metadata.cq4t}
   * or a cycle file that another opener's Chronicle Queue is creating at that very moment.
   */
  static <T> T exclusively(Path dir, FolderWork<T> work) throws IOException {
    synchronized (IN_THIS_JVM) {
      try (FileChannel ch =
              FileChannel.open(
                  dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = lock(ch)) {
        return work.run();
      }
    }
  }

  private static FileLock lock(FileChannel ch) throws IOException {
    while (true) {
      try {
        return ch.lock();
      } catch (OverlappingFileLockException e) {
        // held by another Spool of this JVM outside the monitor (never today): wait for it
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }
    }
  }
}
