package org.poolkit.api;

import java.util.concurrent.Callable;

/**
 * The worker context of the function running on this thread, as {@link WorkerContext#current()} and
 * {@link RemoteObject#get()} see it. For pool implementations, which run user functions with {@link #callAs};
 * user code asks {@link WorkerContext#current()}.
 *
 * @since 0.2
 */
public final class CurrentContext {

    private static final ThreadLocal<WorkerContext> CURRENT = new ThreadLocal<>();

    private CurrentContext() {
    }

    /**
     * Runs code on this thread as a worker: {@link WorkerContext#current()} returns {@code context} until it
     * returns, and the previous context (if any) afterwards.
     *
     * @param context the worker's context
     * @param body    the code
     * @param <R>     its result type
     * @return its result
     * @throws Exception whatever the code throws
     */
    public static <R> R callAs(WorkerContext context, Callable<R> body) throws Exception {
        WorkerContext previous = CURRENT.get();
        CURRENT.set(context);
        try {
            return body.call();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /**
     * Returns the context of the worker whose function runs on this thread.
     *
     * @return the context, or {@code null} outside a pool function
     */
    public static WorkerContext peek() {
        return CURRENT.get();
    }
}
