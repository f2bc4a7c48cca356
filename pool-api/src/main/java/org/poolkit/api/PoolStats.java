package org.poolkit.api;

/**
 * Counters of what a pool has done since it was created, to see the effect of sharing and batching.
 *
 * @param objectsSent   objects sent to the workers by {@code push}, {@code scatterList} and {@code scatterArray}
 *                      (one per call, whatever the number of workers)
 * @param sharedPushes  pushes of an {@link Immutable} answered with the live copy of an equal object, not sent
 * @param mapItems      items computed by {@code map}
 * @param mapBatches    messages those items travelled in (0 for a pool that sends no messages)
 * @param commands      commands sent to workers, all kinds together (0 for a pool that sends no messages)
 * @since 0.1
 */
public record PoolStats(long objectsSent, long sharedPushes, long mapItems, long mapBatches, long commands) {
}
