package org.poolkit.api;

import java.io.Serializable;

/**
 * A handle to the copies of an object held by the workers of one pool, returned by {@link WorkerPool#push},
 * {@link WorkerPool#scatterList} and {@link WorkerPool#scatterArray}.
 *
 * <p>A handle is small: capture it in a {@link WorkerFunction} or {@link RemoteFunction} and call {@link #get()}
 * there to reach the copy of the worker that runs the function. Only the handle travels, not the object.
 *
 * <p>What the workers hold and what a replacement of a lost worker holds depends on the object's
 * {@link Mutability}; see {@link WorkerPool}.
 *
 * <p>Handles are thread-safe. Remove a handle when its object is no longer needed; closing the pool removes all.
 *
 * @param <T> the type of the remote object
 * @since 0.1
 */
public interface RemoteObject<T> extends AutoCloseable, Serializable {

    /**
     * Returns the copy held by the worker that runs the current function.
     *
     * @return this worker's copy
     * @throws IllegalStateException if called outside a function run by a pool, or if the object was removed
     */
    T get();

    /**
     * Returns whether the workers' copies may change, as declared when the object was pushed or scattered.
     *
     * @return the declared mutability; {@link Mutability#READ_ONLY} for an {@link Immutable} object
     * @since 0.3
     */
    Mutability mutability();

    /**
     * Tells whether this handle was removed, by {@link #remove()} or by closing its pool.
     *
     * @return {@code true} once removed
     */
    boolean isRemoved();

    /**
     * Removes this handle; the workers free their copies once every handle to them is removed. Idempotent. Any
     * later call that uses this handle fails on the caller's thread with an exception that names it.
     */
    void remove();

    /** Same as {@link #remove()}, so that a handle can be used in try-with-resources. */
    @Override
    default void close() {
        remove();
    }
}
