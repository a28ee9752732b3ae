package io.sluice.cli.spool;

import io.sluice.cli.common.EventJson;
import io.sluice.model.AgentTransformation;
import io.sluice.model.Event;
import io.sluice.model.PerformanceMetric;
import io.sluice.model.RoutingDecision;
import io.sluice.model.SpooledEvent;
import io.sluice.model.TraceEvent;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One spool event as one line of a table for people ({@code tail} without {@code --json}): index,
 * time recorded, kind, and the fields that tell events apart. Long text is cut; {@code --json}
 * shows everything.
 */
final class EventLine {
  static final String HEADER =
      String.format(
          Locale.ROOT, "%-16s %-23s %-14s %s", "INDEX", "RECORDED (UTC)", "KIND", "EVENT");
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final int MAX_TEXT = 60;

  private EventLine() {}

  static String of(long index, SpooledEvent spooled) {
    Event e = spooled.event();
    return String.format(
        Locale.ROOT,
        "%-16d %-23s %-14s %s",
        index,
        MILLIS.format(spooled.recordedAt()),
        EventJson.kindName(e),
        summary(e));
  }

  static String damaged(long index, String why) {
    return String.format(Locale.ROOT, "%-16d %-23s %-14s %s", index, "-", "DAMAGED", why);
  }

  private static String summary(Event e) {
    if (e instanceof TraceEvent t) {
      return t.level()
          + " trace="
          + t.traceId()
          + " type="
          + t.eventType()
          + agent(t.agentName())
          + " "
          + quoted(t.message());
    } else if (e instanceof RoutingDecision r) {
      return "agent="
          + r.selectedAgent()
          + " confidence="
          + r.confidenceScore()
          + " strategy="
          + r.routingStrategy()
          + " "
          + quoted(r.userRequest());
    } else if (e instanceof PerformanceMetric m) {
      return m.metricName()
          + "="
          + m.metricValue()
          + " ("
          + m.metricType()
          + ")"
          + (m.component() == null ? "" : " component=" + m.component());
    } else if (e instanceof AgentTransformation a) {
      return a.sourceAgent()
          + " -> "
          + a.targetAgent()
          + " type="
          + a.transformationType()
          + (a.reason() == null ? "" : " " + quoted(a.reason()));
    }
    return e.toString();
  }

  private static String agent(String name) {
    return name == null ? "" : " agent=" + name;
  }

  /** Quoted, on one line, cut to {@value #MAX_TEXT} characters. */
  private static String quoted(String text) {
    String oneLine = text.replaceAll("\\s+", " ");
    if (oneLine.length() > MAX_TEXT) {
      int cut = MAX_TEXT - 1;
      if (Character.isHighSurrogate(oneLine.charAt(cut - 1))) {
        cut--; // never split a surrogate pair
      }
      oneLine = oneLine.substring(0, cut) + "…";
    }
    return "\"" + oneLine + "\"";
  }
}
