/**
 * Sluice's value types: the events, the configuration and its builders, status, health and
 * retention results, metric names, and the exceptions (all under {@link
 * io.sluice.model.SluiceException}). Immutable and thread-safe unless a type says otherwise. This
 * package uses nothing of Sluice but the spool's public types: the internals and the {@code
 * io.sluice} facade are built on it, never the reverse.
 */
package io.sluice.model;
