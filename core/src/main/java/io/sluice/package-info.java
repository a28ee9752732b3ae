/**
 * The facade: {@link io.sluice.Sluice} runs a spool and its drainer; {@link
 * io.sluice.SluiceDatabase} prepares a database without running one. The value types they take and
 * return are in {@code io.sluice.model}; implementations are in {@code io.sluice.internal.*}, which
 * is not API.
 */
package io.sluice;
