package io.sluice.internal.ops;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * Says once per JVM, on stderr, when no SLF4J provider is on the class path: Sluice logs only
 * through SLF4J, and without a provider its warnings (spool full, drainer halted, a damaged record
 * set aside) would vanish without a trace.
 */
public final class LoggingNotice {
  private static final AtomicBoolean SHOWN = new AtomicBoolean();

  private LoggingNotice() {}

  /** Prints the notice to {@code err} if SLF4J has no provider and it was not printed before. */
  public static void showIfNoProvider(PrintStream err) {
    if (LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory
        && SHOWN.compareAndSet(false, true)) {
      err.println(
          "Sluice: no SLF4J provider on the class path, so Sluice's warnings and errors (spool"
              + " full, drainer halted, records set aside) are not logged anywhere. Add one, e.g."
              + " ch.qos.logback:logback-classic or org.slf4j:slf4j-simple.");
    }
  }
}
