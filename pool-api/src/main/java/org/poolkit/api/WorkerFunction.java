package org.poolkit.api;

import java.io.Serializable;

/**
 * A function run once per worker by {@link WorkerPool#apply} and {@link WorkerPool#applyOnly}.
 *
 * <p>It travels to the workers with what it captures, so a lambda should capture only what it needs: values,
 * {@link RemoteObject} handles, and no pool, stream, thread or lock.
 *
 * @param <R> the result type
 * @since 0.1
 */
@FunctionalInterface
public interface WorkerFunction<R> extends Serializable {

    /**
     * Runs on a worker.
     *
     * @param context the worker's index, the pool size and the worker's random generator
     * @return the result, sent back to the caller
     * @throws Exception any exception; it reaches the caller as a {@link WorkerException}
     */
    R call(WorkerContext context) throws Exception;
}
