package org.poolkit.api;

import java.util.random.RandomGenerator;

/**
 * What a function running on a worker knows about where it runs.
 *
 * <p>A context belongs to one worker and is used by one thread at a time: the worker runs its functions one after
 * another.
 *
 * @since 0.1
 */
public interface WorkerContext {

    /**
     * Returns this worker's index.
     *
     * @return the index, {@code 0 <= workerIndex() < poolSize()}
     */
    int workerIndex();

    /**
     * Returns the pool's size.
     *
     * @return the number of workers in the pool
     */
    int poolSize();

    /**
     * Returns this worker's random generator, seeded differently on each worker and reproducibly from the pool's
     * {@code seed} setting.
     *
     * @return the generator; the same instance for the life of the worker
     */
    RandomGenerator random();

    /**
     * Returns the number of pushed or scattered objects this worker holds now.
     *
     * @return the number of live remote objects on this worker
     * @since 0.1
     */
    int objectCount();

    /**
     * Returns this worker's incarnation: 0 for the first worker of its place in the pool, and a larger number each
     * time a new worker (a new process, thread or actor) replaces a lost one there. Worker code that keeps state
     * of its own (a static cache, a file) can compare it with the incarnation it saw before to notice a fresh
     * start. Read-only objects are given to a replacement again; stateful ones are not ({@link Mutability}).
     *
     * @return the incarnation, {@code >= 0}
     * @since 0.3
     */
    int incarnation();

    /**
     * Returns the context of the worker whose function is running on this thread, for code that is not handed
     * one (a {@link RemoteFunction}, a helper it calls).
     *
     * @return the current worker's context
     * @throws IllegalStateException if called outside a function run by a pool
     * @since 0.1
     */
    static WorkerContext current() {
        WorkerContext context = CurrentContext.peek();
        if (context == null) {
            throw new IllegalStateException("WorkerContext.current() only works inside a pool function"
                    + " (a WorkerFunction or RemoteFunction run by a WorkerPool)");
        }
        return context;
    }
}
