package io.sluice.query;

import io.sluice.model.EventKind;
import java.time.Instant;

/**
 * The part every list query shares: a time range on {@code recorded_at}, a page size and a cursor.
 * Checks each value as it is set; {@link #check()} checks them together. Not thread-safe (lives in
 * a builder, then is frozen in the built query).
 */
final class Paging {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 10_000;

  private final EventKind kind;
  Instant from;
  Instant to;
  int limit = DEFAULT_LIMIT;
  Cursor cursor;

  Paging(EventKind kind) {
    this.kind = kind;
  }

  Paging copy() {
    Paging p = new Paging(kind);
    p.from = from;
    p.to = to;
    p.limit = limit;
    p.cursor = cursor;
    return p;
  }

  void limit(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit is "
              + limit
              + " (expected 1 to "
              + MAX_LIMIT
              + "). Page through larger results"
              + " with the cursor.");
    }
    this.limit = limit;
  }

  void after(String cursorText) {
    this.cursor = cursorText == null ? null : Cursor.decode(kind, cursorText);
  }

  void check() {
    checkRange(from, to);
  }

  /**
   * @throws IllegalArgumentException when both ends are set and {@code from} is not before {@code
   *     to}
   */
  static void checkRange(Instant from, Instant to) {
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException(
          "from is "
              + from
              + ", to is "
              + to
              + " (expected from before to: the range is [from, to)).");
    }
  }
}
