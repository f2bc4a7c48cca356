package org.poolkit.spi;

import java.util.List;

/**
 * What a worker needs to know to start: the pool it belongs to, the pool size, the seed and the codec's
 * allow-list. Plain data, so that a transport can send it to a worker process ({@link #toBytes()},
 * {@link #fromBytes(byte[])}).
 *
 * @param poolId          the pool id that handles carry
 * @param poolSize        the number of workers
 * @param seed            the pool seed
 * @param allowedPackages the codec's allow-list
 * @since 0.1
 */
public record WorkerSetup(String poolId, int poolSize, long seed, List<String> allowedPackages) {

    /** Carries setups whatever the pool's allow-list: a setup holds only JDK types. */
    private static final Codec SETUP_CODEC = new Codec(List.of("java."), Codec.defaultClassLoader());

    /**
     * Creates the codec of this pool, for frames on either side.
     *
     * @param classLoader the loader of the application's classes
     * @return a codec with this pool's allow-list
     */
    public Codec codec(ClassLoader classLoader) {
        return new Codec(allowedPackages, classLoader);
    }

    /**
     * Creates the runtime of one worker.
     *
     * @param workerIndex the worker's index
     * @param codec       the codec the worker decodes commands with
     * @return the worker's runtime
     */
    public WorkerRuntime newWorker(int workerIndex, Codec codec) {
        return new WorkerRuntime(poolId, workerIndex, poolSize, seed, codec);
    }

    /**
     * Encodes this setup for a worker process.
     *
     * @return its bytes
     */
    public byte[] toBytes() {
        return SETUP_CODEC.encode(this);
    }

    /**
     * Decodes a setup made by {@link #toBytes()}.
     *
     * @param bytes the bytes
     * @return the setup
     */
    public static WorkerSetup fromBytes(byte[] bytes) {
        return (WorkerSetup) SETUP_CODEC.decode(bytes);
    }
}
