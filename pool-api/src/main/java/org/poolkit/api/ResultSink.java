package org.poolkit.api;

/**
 * Receives the results of a streaming {@link WorkerPool#map(RemoteFunction, java.util.List, ResultSink)} as
 * they arrive, on the thread that called {@code map}.
 *
 * @param <R> the result type
 * @since 0.1
 */
@FunctionalInterface
public interface ResultSink<R> {

    /**
     * Takes one result; called exactly once per item.
     *
     * @param index  the index of the item in the list given to {@code map}
     * @param result the function's result for that item
     */
    void accept(int index, R result);
}
