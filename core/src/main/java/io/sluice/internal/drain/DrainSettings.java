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
 * @param breakerFailureThreshold transient failures in a row that open the breaker
 * @param breakerOpenDuration how long the breaker stays open
 * @param breakerHalfOpenSuccesses successful batches that close a half-open breaker
 * @param fatalRetryInterval how often a drainer stopped by a configuration fault re-checks
 * @param strictSpool stop at a damaged spool record instead of setting it aside
 * @param maxEventBytes the largest event accepted; a damaged record's dead letter keeps at most
 *     this many of its bytes
 * @param keepCommitted how long a committed cycle file is kept for a failover before deletion
 * @param replicated checkpoint commits wait for a synchronous standby ({@code remote_apply})
 * @param haltOnLostRange halt (true) or go on (false) when the checkpoint points to deleted records
 * @param lanes drain lanes, each with its own connection and checkpoint row ({@link DrainLanes})
 * @param clock for partition days, the breaker and ages
 */
public record DrainSettings(
    String instanceName,
    int maxBatchEvents,
    Duration flushInterval,
    boolean applySchema,
    int partitionDaysAhead,
    int maxQueriesPerConnection,
    int breakerFailureThreshold,
    Duration breakerOpenDuration,
    int breakerHalfOpenSuccesses,
    Duration fatalRetryInterval,
    boolean strictSpool,
    int maxEventBytes,
    Duration keepCommitted,
    boolean replicated,
    boolean haltOnLostRange,
    int lanes,
    Clock clock) {}
