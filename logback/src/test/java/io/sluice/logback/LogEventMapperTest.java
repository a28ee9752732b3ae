package io.sluice.logback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.sluice.model.TraceEvent;
import io.sluice.model.TraceLevel;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogEventMapperTest {
  private final LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
  private final LogEventMapper mapper =
      new LogEventMapper("traceId", "agent", "task", List.of("*"), "log", "-");

  private LoggingEvent event(Level level, String message) {
    return new LoggingEvent("x", context.getLogger("com.example.X"), level, message, null, null);
  }

  @Test
  void levels_mapToTraceLevels() {
    assertEquals(TraceLevel.DEBUG, LogEventMapper.level(Level.TRACE));
    assertEquals(TraceLevel.DEBUG, LogEventMapper.level(Level.DEBUG));
    assertEquals(TraceLevel.INFO, LogEventMapper.level(Level.INFO));
    assertEquals(TraceLevel.WARNING, LogEventMapper.level(Level.WARN));
    assertEquals(TraceLevel.ERROR, LogEventMapper.level(Level.ERROR));
  }

  @Test
  void oversizedMessageAndNulCharacters_areMadeToFitInsteadOfLosingTheLine() {
    TraceEvent e = mapper.map(event(Level.INFO, "a\u0000b" + "y".repeat(70_000)));
    assertEquals(LogEventMapper.MAX_MESSAGE, e.message().length());
    assertTrue(e.message().startsWith("a\uFFFDb"), e.message().substring(0, 5));
    assertEquals("-", e.traceId());
    assertNull(e.agentName());
  }
}
