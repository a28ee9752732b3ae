package io.sluice.cli.db;

import io.sluice.cli.common.ExitCodes;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The last word on a command's time limit: a daemon thread that, if the command is still running
 * when the limit passes, prints one line and ends the JVM with exit code 1. The command's own wait
 * normally ends first; this covers what that wait cannot see, such as a start or a close stuck in
 * I/O. Halting is as safe as {@code kill -9}, which Sluice is built to survive: every commit is a
 * PostgreSQL transaction and the spool is a shared file mapping.
 */
final class Deadline implements AutoCloseable {
  private final Thread thread;

  private Deadline(Thread thread) {
    this.thread = thread;
  }

  /** Starts the clock; {@link #close()} (the command finished) stops it. */
  static Deadline exitAfter(Duration limit, PrintWriter err, Supplier<String> message) {
    Thread t =
        new Thread(
            () -> {
              try {
                Thread.sleep(limit.toMillis());
              } catch (InterruptedException e) {
                return;
              }
              err.println("sluice: " + message.get());
              err.flush();
              Runtime.getRuntime().halt(ExitCodes.FAILURE);
            },
            "sluice-deadline");
    t.setDaemon(true);
    t.start();
    return new Deadline(t);
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
