package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice demo} with no database configured: its own embedded PostgreSQL, end to end. */
class DemoIT {
  @TempDir Path tmp;

  @Test
  void demo_withNoDatabaseConfigured_readsEveryEventBackFromItsOwnPostgres() throws Exception {
    Launcher.Result r = new Launcher(tmp).run("demo", "--events", "2000", "--threads", "2");

    assertEquals(0, r.exitCode(), r::toString);
    Matcher total =
        Pattern.compile(
                "total\\s+([\\d,]+)\\s+\\(appended ([\\d,]+), distinct ids " + "([\\d,]+)\\)")
            .matcher(r.stdout());
    assertTrue(total.find(), r::toString);
    assertEquals("2,000", total.group(1), r::toString);
    assertEquals("2,000", total.group(2), r::toString);
    assertEquals("2,000", total.group(3), r::toString);
    for (String table :
        new String[] {
          "trace_events", "routing_decisions", "performance_metrics", "transformation_events"
        }) {
      assertTrue(r.stdout().contains("agent_observability." + table), r::toString);
    }
    assertTrue(Files.exists(tmp.resolve(".sluice/demo/spool/spool.properties")), r::toString);
    assertFalse(Files.exists(tmp.resolve(".sluice/demo/pg/PG_VERSION")), "server data removed");
  }
}
