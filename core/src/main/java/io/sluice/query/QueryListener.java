package io.sluice.query;

import io.sluice.model.EventKind;

/**
 * Told about each query {@link SluiceQueries} runs, for the host application's own instrumentation.
 * Called on the querying thread after the query; must be cheap and must not throw.
 */
@FunctionalInterface
public interface QueryListener {
  /**
   * @param kind the kind of events queried
   * @param nanos how long the query took, including waiting for a connection
   * @param failed true when it threw
   */
  void queryCompleted(EventKind kind, long nanos, boolean failed);
}
