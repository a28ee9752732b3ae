package io.sluice.drill;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Keeps every log line (message and stack trace) that reaches one logger of this JVM, at the levels
 * the test logging configuration lets through, while attached. Thread-safe.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private final Logger logger;
  private final List<String> lines = new ArrayList<>();

  private LogCapture(Logger logger) {
    this.logger = logger;
  }

  /** Starts capturing what {@code loggerName} (and the loggers under it) log. */
  static LogCapture attach(String loggerName) {
    LogCapture capture = new LogCapture((Logger) LoggerFactory.getLogger(loggerName));
    capture.setContext(capture.logger.getLoggerContext());
    capture.start();
    capture.logger.addAppender(capture);
    return capture;
  }

  static LogCapture attachToRoot() {
    return attach(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @Override
  protected void append(ILoggingEvent event) {
    StringBuilder line =
        new StringBuilder()
            .append(event.getLevel())
            .append(' ')
            .append(event.getLoggerName())
            .append(" - ")
            .append(event.getFormattedMessage());
    if (event.getThrowableProxy() != null) {
      line.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
    }
    synchronized (lines) {
      lines.add(line.toString());
    }
  }

  List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  @Override
  public void close() {
    logger.detachAppender(this);
    stop();
  }
}
