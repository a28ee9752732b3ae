package io.sluice.internal.drain;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The right to drain one spool: at most one drainer holds it at a time, and a drainer writes
 * nothing before it holds it.
 *
 * <h2>Design notes</h2>
 *
 * <ul>
 *   <li>Two locks, taken in this order. First an OS file lock on {@code drainer.lock} in the spool
 *       folder: a second drainer on the same host finds it taken without a database round trip
 *       (released by the kernel when the process dies, also after {@code kill -9}). Then a
 *       PostgreSQL session advisory lock ({@code pg_try_advisory_lock}) keyed by the spool id, on a
 *       connection of its own outside the pool, kept open while the lease is held: it fences
 *       drainers on other hosts or in other containers that see the same folder, and it is released
 *       by the server when the session ends (the owner's process died, its connection closed).
 *   <li>{@link #stillHeld()} checks the session is alive (one round trip); the drainer calls it
 *       before each batch and on every reconnect. A session that died (server restart, network)
 *       lost the lock: the lease is given up and must be taken again.
 *   <li>A partitioned owner's backend may linger until TCP keepalives expire, so the lease is not
 *       the last guard: the checkpoint compare-and-set in the batch's transaction is.
 *   <li>A drainer that holds the file lock but not the advisory lock keeps the file lock and its
 *       session while it waits (no other local drainer needs to poll); one that cannot reach
 *       PostgreSQL gives the file lock up, so it never keeps a local drainer that can from trying.
 * </ul>
 *
 * Thread-safe (synchronized): the drainer thread uses it, {@code close} may release it from another
 * thread.
 */
final class DrainerLease implements AutoCloseable {
  static final String LOCK_FILE = "drainer.lock";
  private static final int VALID_SECONDS = 5;

  /** Opens the lease's own session; the lease closes it. */
  interface Sessions {
    Connection open() throws SQLException;
  }

  private final Path lockFile;
  private final long key;
  private final Sessions sessions;
  private FileChannel channel;
  private FileLock fileLock;
  private Connection session;
  private volatile boolean held;

  DrainerLease(Path spoolDirectory, String spoolId, Sessions sessions) {
    this.lockFile = spoolDirectory.resolve(LOCK_FILE);
    this.key = key(spoolId);
    this.sessions = sessions;
  }

  /** The advisory lock key of a spool: its UUID's two halves folded into 64 bits. */
  static long key(String spoolId) {
    try {
      UUID id = UUID.fromString(spoolId);
      return id.getMostSignificantBits() ^ id.getLeastSignificantBits();
    } catch (IllegalArgumentException e) {
      return spoolId.hashCode() * 0x9E3779B97F4A7C15L;
    }
  }

  long key() {
    return key;
  }

  boolean held() {
    return held;
  }

  /**
   * Takes the lease if no one else holds it.
   *
   * @return true if this drainer holds it now
   * @throws SQLException if PostgreSQL cannot be reached (then nothing is held but the file lock)
   */
  synchronized boolean tryAcquire() throws SQLException {
    if (held) {
      return true;
    }
    if (fileLock == null && !tryLockFile()) {
      return false;
    }
    try {
      if (session == null || !session.isValid(VALID_SECONDS)) {
        closeSession();
        session = sessions.open();
      }
      try (Statement st = session.createStatement();
          ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + key + ")")) {
        rs.next();
        held = rs.getBoolean(1);
      }
    } catch (SQLException | RuntimeException e) {
      // a drainer that cannot reach PostgreSQL (down, a wrong password) must not keep the file
      // lock from a local drainer that can
      release();
      throw e;
    }
    return held;
  }

  private boolean tryLockFile() {
    try {
      if (channel == null) {
        channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      }
      fileLock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      fileLock = null; // another drainer of this JVM holds it
    } catch (IOException e) {
      // e.g. a read-only folder: fall back to the advisory lock alone
      return true;
    }
    return fileLock != null;
  }

  /** True while the lease holds: its session answers. If not, gives the lease up. */
  synchronized boolean stillHeld() {
    if (!held) {
      return false;
    }
    try {
      if (session.isValid(VALID_SECONDS)) {
        return true;
      }
    } catch (SQLException e) {
      // treated as a dead session below
    }
    release();
    return false;
  }

  /** Gives the lease up: ends the session (the server drops the advisory lock), frees the file. */
  synchronized void release() {
    held = false;
    closeSession();
    try {
      if (fileLock != null) {
        fileLock.release();
      }
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // closing the channel releases the lock; nothing else to do
    } finally {
      fileLock = null;
      channel = null;
    }
  }

  private void closeSession() {
    if (session != null) {
      try {
        session.close();
      } catch (SQLException e) {
        // the session is gone either way
      }
      session = null;
    }
  }

  @Override
  public void close() {
    release();
  }
}
