package org.poolkit.spi;

import java.util.List;

/**
 * What a worker needs to know to start: the pool it belongs to, the pool size, the seed and the codec's
 * allow-list. Plain data, so that a transport can send it to a worker process.
 *
 * @param poolId          the pool id that handles carry
 * @param poolSize        the number of workers
 * @param seed            the pool seed
 * @param allowedPackages the codec's allow-list
 * @since 0.1
 */
public record WorkerSetup(String poolId, int poolSize, long seed, List<String> allowedPackages) {

    /**
     * Creates the runtime of one worker.
     *
     * @param workerIndex the worker's index
     * @param classLoader the loader of the application's classes on that worker
     * @return the worker's runtime
     */
    public WorkerRuntime newWorker(int workerIndex, ClassLoader classLoader) {
        return new WorkerRuntime(poolId, workerIndex, poolSize, seed, new Codec(allowedPackages, classLoader));
    }
}
