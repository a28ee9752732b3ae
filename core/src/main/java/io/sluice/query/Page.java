package io.sluice.query;

import java.util.List;

/**
 * One page of query results, newest first.
 *
 * @param items the results of this page, at most the query's limit
 * @param nextCursor pass it to the same query's {@code after(...)} to get the next (older) page;
 *     {@code null} when this is the last page. Opaque: do not build or change one.
 * @param <T> the result type
 */
public record Page<T>(List<T> items, String nextCursor) {
  public Page {
    items = List.copyOf(items);
  }

  /** True when there are older results than this page. */
  public boolean hasMore() {
    return nextCursor != null;
  }
}
