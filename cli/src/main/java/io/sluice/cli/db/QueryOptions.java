package io.sluice.cli.db;

import io.sluice.cli.common.ConfigurationException;
import io.sluice.cli.common.InstantConverter;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import picocli.CommandLine.Option;

/**
 * The options every {@code sluice query} kind shares (a picocli mixin): the time range on {@code
 * recorded_at}, the page size and cursor, and the output format.
 */
final class QueryOptions {
  @Option(
      names = "--from",
      paramLabel = "TIME",
      converter = InstantConverter.class,
      description =
          "Only events recorded at or after TIME: 2026-11-27T08:00:00Z, 2026-11-27 (UTC "
              + "midnight), or a time ago such as 30m, 1h, 7d.")
  Instant from;

  @Option(
      names = "--since",
      paramLabel = "AGO",
      converter = InstantConverter.class,
      description = "Same as --from, read as a time ago: --since 1h is --from 1h.")
  Instant since;

  @Option(
      names = "--to",
      paramLabel = "TIME",
      converter = InstantConverter.class,
      description = "Only events recorded before TIME (same forms as --from, or now).")
  Instant to;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Events per page, 1 to 10000 (default: 100).")
  Integer limit;

  @Option(
      names = "--cursor",
      paramLabel = "CURSOR",
      description =
          "Continue after a previous page: the cursor it printed on stderr. Repeat the same "
              + "filters.")
  String cursor;

  @Option(
      names = "--json",
      description =
          "One JSON object per event on stdout (id, kind, recorded_at and every field); the "
              + "next cursor goes to stderr as {\"next_cursor\": ...}.")
  boolean json;

  /** Hands the options that are set to a query builder's setters (which check them). */
  void range(
      Consumer<Instant> from, Consumer<Instant> to, IntConsumer limit, Consumer<String> after) {
    if (from() != null) {
      from.accept(from());
    }
    if (this.to != null) {
      to.accept(this.to);
    }
    if (this.limit != null) {
      limit.accept(this.limit);
    }
    if (cursor != null) {
      after.accept(cursor);
    }
  }

  /**
   * {@code --from} or {@code --since}, or {@code null}.
   *
   * @throws ConfigurationException when both are given
   */
  Instant from() {
    if (from != null && since != null) {
      throw new ConfigurationException(
          "Bad query: both --from and --since are given (expected one of them: --since 1h is"
              + " --from 1h).");
    }
    return from != null ? from : since;
  }
}
