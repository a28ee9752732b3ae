/**
 * The drainer: tails the spool, writes batches to PostgreSQL with binary COPY, and commits the
 * checkpoint in the same transaction. Internal: may change at any time, not supported for use
 * outside Sluice.
 */
package io.sluice.internal.drain;
