package io.sluice.query;

import io.sluice.model.EventKind;
import java.time.Instant;

/**
 * The setters every list query's builder shares: the {@code recorded_at} range, the page size and
 * the cursor. Each checks its value at once. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by each setter for chaining
 */
abstract class PagedBuilder<B extends PagedBuilder<B>> {
  final Paging paging;

  PagedBuilder(EventKind kind) {
    this.paging = new Paging(kind);
  }

  abstract B self();

  /** Only events recorded at or after {@code from}. */
  public B from(Instant from) {
    paging.from = from;
    return self();
  }

  /** Only events recorded before {@code to}. */
  public B to(Instant to) {
    paging.to = to;
    return self();
  }

  /** Results per page; 1..10,000, default 100. */
  public B limit(int limit) {
    paging.limit(limit);
    return self();
  }

  /** Continue after a previous page: pass its {@link Page#nextCursor()}. */
  public B after(String cursor) {
    paging.after(cursor);
    return self();
  }
}
