package org.poolkit.runtime;

import java.util.List;

/**
 * What a worker answers to a {@link Command}.
 *
 * @since 0.1
 */
sealed interface Reply {

    /**
     * Returns the call this reply answers.
     *
     * @return the call id
     */
    long callId();

    /**
     * A {@link Command.Store} succeeded.
     *
     * @param callId the call
     */
    record Done(long callId) implements Reply {
    }

    /**
     * The result of a {@link Command.Run}.
     *
     * @param callId the call
     * @param value  the function's result
     */
    record Value(long callId, Object value) implements Reply {
    }

    /**
     * The results of a {@link Command.MapBatch}.
     *
     * @param callId       the call
     * @param firstIndex   the index of the first item of the batch
     * @param results      one result per item
     * @param computeNanos the time the worker spent computing them, for the batch size
     */
    record Batch(long callId, int firstIndex, List<Object> results, long computeNanos) implements Reply {
    }

    /**
     * A command failed on the worker.
     *
     * @param callId     the call
     * @param firstIndex for a map batch, the index of its first item; otherwise -1
     * @param itemIndex  the item on which a map function threw, or -1
     * @param error      what was thrown
     */
    record Failed(long callId, int firstIndex, int itemIndex, ErrorInfo error) implements Reply {
    }
}
