package io.sluice;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A snapshot of one spool and its drainer's progress.
 *
 * @param spoolId the spool's id
 * @param spoolDirectory where the spool is
 * @param appended events appended to this spool, ever ({@code committed + backlog}); -1 when the
 *     checkpoint is unknown
 * @param committed events committed to PostgreSQL from this spool; -1 when unknown
 * @param committedIndex spool index of the last committed event; -1 when none or unknown
 * @param backlog events in the spool not yet committed; -1 when unknown
 * @param oldestPendingAge how long the oldest uncommitted event has waited; {@link Duration#ZERO}
 *     when none, {@code null} when unknown
 * @param usedBytes bytes written in the spool's cycle files
 * @param lastError the drainer's last error, or {@code null}
 */
public record SluiceStatus(
    String spoolId,
    Path spoolDirectory,
    long appended,
    long committed,
    long committedIndex,
    long backlog,
    Duration oldestPendingAge,
    long usedBytes,
    String lastError) {}
