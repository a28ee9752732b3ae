package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.model.EventKind;
import io.sluice.testing.PostgresExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code load}, {@code status --json} and {@code drain --until-empty} as real processes. */
class LoadDrainStatusIT {
  private static final int EVENTS = 20_000;

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path tmp;

  private Launcher sluice() {
    return new Launcher(tmp).database(postgres.database());
  }

  private String spool() {
    return tmp.resolve("spool").toString();
  }

  @Test
  void status_afterLoadBeforeAnyDrain_showsEveryAppendAsBacklog() throws Exception {
    Launcher.Result load =
        sluice().run("load", "--events", "" + EVENTS, "--threads", "2", "--spool", spool());
    assertEquals(0, load.exitCode(), load::toString);
    assertEquals(EVENTS, load.json().get("appended").asLong(), load::toString);
    assertEquals(2, load.json().get("threads").asInt(), load::toString);

    Launcher.Result status = sluice().run("status", "--json", "--spool", spool());

    assertEquals(0, status.exitCode(), status::toString);
    JsonNode s = status.json();
    assertEquals(EVENTS, s.get("backlog").asLong(), status::toString);
    assertEquals(
        0, s.get("committed").asLong(), status::toString); // the database has no checkpoint yet
    assertEquals(EVENTS, s.get("appended").asLong(), status::toString);
    assertEquals(EVENTS, s.get("spooled_records").asLong(), status::toString);
    assertTrue(s.get("last_error").isNull(), status::toString);
  }

  @Test
  void drainUntilEmpty_afterLoad_landsEveryAppendExactlyOnceAndExits0() throws Exception {
    Launcher.Result load =
        sluice().run("load", "--events", "" + EVENTS, "--threads", "2", "--spool", spool());
    assertEquals(0, load.exitCode(), load::toString);

    Launcher.Result drain =
        sluice().run("drain", "--until-empty", "--timeout", "80s", "--spool", spool());

    assertEquals(0, drain.exitCode(), drain::toString);
    assertEquals(EVENTS, drain.json().get("committed").asLong(), drain::toString);
    assertEquals(0, drain.json().get("backlog").asLong(), drain::toString);
    long rows = 0;
    long distinctIds = 0;
    try (Connection c = postgres.connect();
        Statement st = c.createStatement()) {
      for (EventKind kind : EventKind.values()) {
        try (ResultSet rs =
            st.executeQuery(
                "SELECT count(*), count(DISTINCT id) FROM"
                    + " agent_observability."
                    + kind.tableName())) {
          rs.next();
          rows += rs.getLong(1);
          distinctIds += rs.getLong(2);
        }
      }
    }
    assertEquals(EVENTS, rows);
    assertEquals(rows, distinctIds);
    Launcher.Result status = sluice().run("status", "--json", "--spool", spool());
    assertEquals(0, status.json().get("backlog").asLong(), status::toString);
    assertEquals(true, status.json().get("accounting_holds").asBoolean(), status::toString);
    assertEquals(EVENTS, status.json().get("appended").asLong(), status::toString);
    assertEquals(EVENTS, status.json().get("committed").asLong(), status::toString);
  }
}
