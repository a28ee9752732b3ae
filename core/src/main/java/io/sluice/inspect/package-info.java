/**
 * Looking into a spool from another process, as the {@code sluice} command does: read and decode
 * its records ({@link io.sluice.inspect.EventScanner}, on a spool opened with {@code
 * SpoolDirectory.openReadOnly}), verify them ({@link io.sluice.inspect.SpoolVerifier}), see the
 * Sluice processes running on it ({@link io.sluice.inspect.LiveProcesses}), and list, replay or
 * purge its dead letters ({@link io.sluice.inspect.DeadLetters}, {@link
 * io.sluice.inspect.DeadLetterReplay}). Nothing here writes the main spool but a replay, which
 * appends like any writer.
 */
package io.sluice.inspect;
