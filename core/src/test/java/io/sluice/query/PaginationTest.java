package io.sluice.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.model.TraceLevel;
import io.sluice.testing.PostgresExtension;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Keyset pagination returns every row exactly once, newest first, across day partitions, with many
 * rows in the same millisecond, for both SQL orders (index on the filter, or primary key), and
 * while newer rows keep arriving.
 */
class PaginationTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();

  private static final Instant START = Instant.parse("2026-06-01T22:00:00Z");

  @Test
  void paging_acrossThreeDaysWithTies_returnsEveryRowOnceInOrder() throws Exception {
    EventRows.migrate(postgres.database());
    List<StoredKey> planner = new ArrayList<>();
    List<StoredKey> all = new ArrayList<>();
    try (Connection c = postgres.connect()) {
      EventRows.ensureDays(c, EventRows.day(START), EventRows.day(START).plusDays(3));
      for (int i = 0; i < 240; i++) {
        // 4 rows per millisecond-instant, instants 15 min apart: spans 3 UTC days
        Instant at = START.plus(Duration.ofMinutes(15L * (i / 4)));
        String agent = i % 2 == 0 ? "planner" : "coder"; // 2 per instant: pages split ties
        UUID id = EventRows.trace(c, at, "t" + i, agent, "step", TraceLevel.INFO);
        StoredKey k = new StoredKey(at, id);
        all.add(k);
        if (agent.equals("planner")) {
          planner.add(k);
        }
      }
      try (SluiceQueries q = SluiceQueries.open(postgres.database())) {
        // no equality filter: ORDER BY id over the primary key; newer rows arrive between pages
        List<StoredKey> walked =
            walk(q, cursor -> TraceQuery.builder().limit(7).after(cursor).build(), c);
        assertSameOrderNewestFirst(all, walked);
        // agent filter: ORDER BY recorded_at, id over (agent_name, recorded_at)
        walked =
            walk(
                q,
                cursor -> TraceQuery.builder().agentName("planner").limit(5).after(cursor).build(),
                null);
        assertSameOrderNewestFirst(planner, walked);
        // a range ending inside the data
        Instant to = START.plus(Duration.ofHours(10));
        walked =
            walk(q, cursor -> TraceQuery.builder().to(to).limit(9).after(cursor).build(), null);
        assertSameOrderNewestFirst(all.stream().filter(k -> k.at.isBefore(to)).toList(), walked);
      }
    }
  }

  private record StoredKey(Instant at, UUID id) {}

  /** Pages to the end; when {@code c} is given, inserts a newer row before each next page. */
  private static List<StoredKey> walk(
      SluiceQueries q, Function<String, TraceQuery> page, Connection c) throws Exception {
    List<StoredKey> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Page<StoredEvent<io.sluice.model.TraceEvent>> p = q.traces(page.apply(cursor));
      assertTrue(p.items().size() <= 9);
      p.items().forEach(e -> seen.add(new StoredKey(e.recordedAt(), e.id())));
      cursor = p.nextCursor();
      if (c != null && cursor != null) {
        EventRows.trace(
            c,
            START.plus(Duration.ofDays(2)).plusSeconds(pages),
            "late",
            "coder",
            "x",
            TraceLevel.INFO);
      }
      pages++;
    } while (cursor != null);
    return seen;
  }

  private static void assertSameOrderNewestFirst(List<StoredKey> expected, List<StoredKey> walked) {
    Set<UUID> unique = new HashSet<>();
    walked.forEach(k -> assertTrue(unique.add(k.id), "repeated " + k));
    assertEquals(expected.size(), walked.size(), "rows missing or extra");
    List<StoredKey> sorted = new ArrayList<>(expected);
    sorted.sort(
        Comparator.comparing(StoredKey::at)
            .thenComparing(StoredKey::id, PaginationTest::uuidOrder)
            .reversed());
    assertEquals(sorted, walked);
    assertFalse(walked.isEmpty());
  }

  /** PostgreSQL's uuid order: unsigned, byte by byte. */
  private static int uuidOrder(UUID a, UUID b) {
    int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return c != 0
        ? c
        : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }
}
