package org.poolkit.conformance;

import org.poolkit.api.PoolStats;
import org.poolkit.api.WorkerPool;

/** The change of a pool's counters since this object was made. */
final class PoolStatsDelta {

    private final WorkerPool pool;
    private final PoolStats before;

    PoolStatsDelta(WorkerPool pool) {
        this.pool = pool;
        this.before = pool.stats();
    }

    long mapItems() {
        return pool.stats().mapItems() - before.mapItems();
    }

    long mapBatches() {
        return pool.stats().mapBatches() - before.mapBatches();
    }
}
