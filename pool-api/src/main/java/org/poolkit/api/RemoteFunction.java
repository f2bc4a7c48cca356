package org.poolkit.api;

import java.io.Serializable;

/**
 * A function of one item, run on the workers by {@link WorkerPool#map}.
 *
 * <p>Inside it, {@link WorkerContext#current()} tells which worker runs it.
 *
 * @param <T> the item type
 * @param <R> the result type
 * @since 0.1
 */
@FunctionalInterface
public interface RemoteFunction<T, R> extends Serializable {

    /**
     * Computes the result for one item.
     *
     * @param item the item
     * @return the result
     * @throws Exception any exception; it reaches the caller as a {@link WorkerException} naming the item
     */
    R apply(T item) throws Exception;
}
