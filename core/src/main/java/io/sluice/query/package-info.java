/**
 * Reading events back from PostgreSQL: {@link io.sluice.query.SluiceQueries} on its own read-only
 * pool, one immutable query type per event kind, keyset-paged results. Uses only the value types of
 * {@code io.sluice.model}.
 */
package io.sluice.query;
