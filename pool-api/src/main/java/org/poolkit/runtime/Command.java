package org.poolkit.runtime;

import java.util.List;

/**
 * What the caller's runtime sends to a worker. A link ({@link org.poolkit.spi.Link}) delivers the commands for one
 * worker in the order they were sent; the worker's {@link WorkerRuntime} executes them one at a time.
 *
 * @since 0.1
 */
sealed interface Command {

    /**
     * Returns the call that waits for this command's answer.
     *
     * @param command a command
     * @return its call id, or -1 for a command that is not answered
     */
    static long answeredCall(Command command) {
        if (command instanceof Store c) {
            return c.callId();
        } else if (command instanceof Run c) {
            return c.callId();
        } else if (command instanceof MapBatch c) {
            return c.callId();
        }
        return -1;
    }

    /**
     * Returns the index of the first item of a map batch.
     *
     * @param command a command
     * @return the index, or -1 for any other command
     */
    static int firstIndex(Command command) {
        return command instanceof MapBatch c ? c.firstIndex() : -1;
    }

    /**
     * Store a value under an object id (push, or one block of a scatter); answered with {@link Reply.Done}.
     *
     * @param callId   the call that waits for the answer
     * @param objectId the id of the remote object
     * @param value    the encoded value: each worker decodes its own copy
     */
    record Store(long callId, long objectId, byte[] value) implements Command {
    }

    /**
     * Drop the copy of an object; not answered.
     *
     * @param objectId the id of the remote object
     */
    record Free(long objectId) implements Command {
    }

    /**
     * Run a {@link org.poolkit.api.WorkerFunction}; answered with {@link Reply.Value} or {@link Reply.Failed}.
     *
     * @param callId   the call
     * @param function the encoded function
     */
    record Run(long callId, byte[] function) implements Command {
    }

    /**
     * Apply a {@link org.poolkit.api.RemoteFunction} to a batch of items; answered with {@link Reply.Batch} or
     * {@link Reply.Failed}.
     *
     * @param callId     the map call
     * @param function   the encoded function, sent with the first batch of a call to each worker and
     *                   {@code null} afterwards (the worker keeps it until {@link EndMap})
     * @param firstIndex the index of the first item in the caller's list
     * @param items      the items
     */
    record MapBatch(long callId, byte[] function, int firstIndex, List<?> items) implements Command {
    }

    /**
     * Tell a worker its index, the pool size and its incarnation after the set of live workers changed; not
     * answered.
     *
     * @param workerIndex the worker's new index, as {@link org.poolkit.api.WorkerContext#workerIndex()} reports it
     * @param poolSize    the number of live workers
     * @param incarnation the generation of the worker's slot, as {@link org.poolkit.api.WorkerContext#incarnation()}
     *                    reports it
     */
    record Renumber(int workerIndex, int poolSize, int incarnation) implements Command {
    }

    /**
     * Forget the function of a map call; not answered.
     *
     * @param callId the map call
     */
    record EndMap(long callId) implements Command {
    }
}
