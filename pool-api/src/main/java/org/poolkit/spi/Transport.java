package org.poolkit.spi;

/**
 * How a backend moves commands to its workers and replies back: all a backend has to write, besides its
 * {@link WorkerPoolProvider}. Everything else (handles, batching, dispatch, errors) is done by {@link RuntimePool}
 * on the caller and {@link WorkerRuntime} on each worker.
 *
 * <p>Contract: {@link #send} is thread-safe and delivers the commands for one worker in the order they were sent;
 * each worker executes its commands one at a time on a {@link WorkerRuntime} created from the {@link WorkerSetup}
 * and reports each non-null reply to the {@link Listener}. A worker that dies or stops answering is reported with
 * {@link Listener#onWorkerLost} once; a replacement started in its slot is reported with
 * {@link Listener#onWorkerJoined} once it can take commands. Worker indices are slots: {@code 0 <= w < size()}.
 *
 * @since 0.1
 */
public interface Transport {

    /**
     * Returns the number of workers.
     *
     * @return at least 1
     */
    int size();

    /**
     * Starts the workers; called once, before any {@link #send}.
     *
     * @param setup    what every worker needs to build its {@link WorkerRuntime}
     * @param listener receives replies and losses, from any thread
     */
    void start(WorkerSetup setup, Listener listener);

    /**
     * Sends a command to a worker.
     *
     * @param worker  the worker index
     * @param command the command
     * @throws org.poolkit.api.PoolException if the worker cannot be reached
     */
    void send(int worker, Command command);

    /**
     * Sends the same command to several workers, e.g. a push or an {@code apply}. Transports with a collective
     * operation (MPI's broadcast) override it; the default sends to each in turn.
     *
     * @param workers the worker slots
     * @param command the command
     */
    default void broadcast(int[] workers, Command command) {
        for (int worker : workers) {
            send(worker, command);
        }
    }

    /**
     * Sends one command to each of several workers, e.g. the blocks of a scatter. Transports with a collective
     * operation (MPI's scatter) override it; the default sends to each in turn.
     *
     * @param workers  the worker slots
     * @param commands {@code commands[i]} goes to {@code workers[i]}
     */
    default void scatter(int[] workers, Command[] commands) {
        for (int i = 0; i < workers.length; i++) {
            send(workers[i], commands[i]);
        }
    }

    /** Stops every worker (threads, processes) and waits a bounded time for them; idempotent. */
    void close();

    /**
     * Receives what workers send back. {@link #onReply} is called from the transport's threads and does not block;
     * {@link #onWorkerLost} and {@link #onWorkerJoined} may block (they send commands), so a transport calls them
     * from a thread that does not have to deliver replies or acknowledgements meanwhile.
     */
    interface Listener {

        /**
         * A worker answered a command.
         *
         * @param worker the worker index
         * @param reply  the reply
         */
        void onReply(int worker, Reply reply);

        /**
         * A worker is gone; calls waiting on it fail or are re-routed.
         *
         * @param worker the worker index
         * @param reason what happened, for the exception message
         */
        void onWorkerLost(int worker, String reason);

        /**
         * A new worker took the slot of a lost one and can take commands. The runtime stores every live object on
         * it before anything else is sent to it.
         *
         * @param worker the slot
         */
        void onWorkerJoined(int worker);
    }
}
