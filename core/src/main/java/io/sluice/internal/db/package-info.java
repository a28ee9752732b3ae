/**
 * The database helpers every other internal package uses, and that use nothing of them: the
 * drainer's pool ({@code Pools}), SQLSTATE classes ({@code ErrorClass}), migrations ({@code
 * Schema}) and day partitions ({@code Partitions}). Internal: may change at any time, not supported
 * for use outside Sluice.
 */
package io.sluice.internal.db;
