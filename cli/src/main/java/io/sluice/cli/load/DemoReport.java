package io.sluice.cli.load;

import io.sluice.cli.common.HumanFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Prints what {@code sluice demo} did: rows per table as read back, and throughput. */
final class DemoReport {
  private final PrintWriter out;
  private final long events;
  private final int threads;

  DemoReport(PrintWriter out, long events, int threads) {
    this.out = out;
    this.events = events;
    this.threads = threads;
  }

  void print(
      List<TableCounts.Count> counts,
      SyntheticLoad.Result load,
      long drainedNanos,
      Path spool,
      long spoolBytes,
      String database) {
    long rows = 0;
    long distinct = 0;
    out.printf(
        Locale.ROOT,
        "Sluice demo: %s events from %d threads, appended then drained%n%n",
        HumanFormat.count(events),
        threads);
    out.printf(Locale.ROOT, "  %-42s %12s%n", "rows read back from PostgreSQL", "rows");
    for (TableCounts.Count c : counts) {
      out.printf(Locale.ROOT, "  %-42s %12s%n", c.table(), HumanFormat.count(c.rows()));
      rows += c.rows();
      distinct += c.distinctIds();
    }
    out.printf(
        Locale.ROOT,
        "  %-42s %12s   (appended %s, distinct ids %s)%n%n",
        "total",
        HumanFormat.count(rows),
        HumanFormat.count(load.appended()),
        HumanFormat.count(distinct));
    out.printf(
        Locale.ROOT,
        "  append     %12s events/s   (%s in %s, %d threads)%n",
        HumanFormat.count(load.eventsPerSecond()),
        HumanFormat.count(load.appended()),
        HumanFormat.seconds(load.seconds()),
        threads);
    double drainedSeconds = drainedNanos / 1e9;
    out.printf(
        Locale.ROOT,
        "  committed  %12s events/s   (%s in %s, first append to backlog 0)%n%n",
        HumanFormat.count(Math.round(load.appended() / drainedSeconds)),
        HumanFormat.count(load.appended()),
        HumanFormat.seconds(drainedSeconds));
    out.printf(Locale.ROOT, "  spool      %s (%s)%n", spool, HumanFormat.bytes(spoolBytes));
    out.printf(Locale.ROOT, "  database   %s%n", database);
    out.flush();
  }
}
