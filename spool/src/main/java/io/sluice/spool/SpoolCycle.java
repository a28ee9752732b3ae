package io.sluice.spool;

import java.nio.file.Path;

/**
 * One cycle file of a spool, as it is on disk now.
 *
 * @param cycle the cycle number (time since the epoch in roll-cycle units)
 * @param file the {@code .cq4} file
 * @param firstIndex index of its first record, or -1 when it holds none
 * @param lastIndex index of its last record, or -1 when it holds none
 * @param records how many records it holds
 * @param bytes bytes written into it
 */
public record SpoolCycle(
    int cycle, Path file, long firstIndex, long lastIndex, long records, long bytes) {}
