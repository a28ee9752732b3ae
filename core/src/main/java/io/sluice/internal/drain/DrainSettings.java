package io.sluice.internal.drain;

import java.time.Clock;
import java.time.Duration;

/**
 * What the drainer needs from the public config, without depending on it.
 *
 * @param instanceName prefix of log lines and the thread name
 * @param maxBatchEvents most events in one transaction
 * @param flushInterval longest the first event of a batch waits for the batch to fill
 * @param applySchema run the migrations on first connect
 * @param partitionDaysAhead day partitions created ahead of today
 * @param maxQueriesPerConnection batches a connection serves before it is retired; 0 = no limit
 * @param clock for partition days
 */
public record DrainSettings(
    String instanceName,
    int maxBatchEvents,
    Duration flushInterval,
    boolean applySchema,
    int partitionDaysAhead,
    int maxQueriesPerConnection,
    Clock clock) {}
