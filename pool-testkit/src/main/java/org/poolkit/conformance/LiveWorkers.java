package org.poolkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.poolkit.api.WorkerPool;

/**
 * For tests of lost and replaced workers: waits, bounded, until a pool counts a number of live workers.
 *
 * @since 0.2
 */
public final class LiveWorkers {

    private LiveWorkers() {
    }

    /**
     * Waits until {@code pool.size()} is {@code size}, then asserts it (failing with the size it still has when
     * {@code within} ran out).
     *
     * @param pool   the pool
     * @param size   the number of live workers to wait for
     * @param within how long to wait at most
     * @throws InterruptedException if interrupted while waiting
     */
    public static void await(WorkerPool pool, int size, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (pool.size() != size && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(size, pool.size(), "live workers");
    }
}
