package org.poolkit.spi;

/**
 * How a backend moves messages between the caller and its workers: all a backend writes besides its
 * {@link WorkerPoolProvider}. A link knows nothing of commands, handles or calls; the runtime
 * ({@code org.poolkit.runtime.RuntimePool}) encodes every command once with the pool's one codec, hands the link
 * the encoded message, and decodes what comes back.
 *
 * <p><b>Slots.</b> A link has {@link #slots()} places for workers, numbered {@code 0..slots()-1}; a slot keeps its
 * number when its worker is lost and a replacement takes it. The runtime maps live slots to the worker indices that
 * users see ({@code WorkerContext.workerIndex()}); MPI's rank of the worker in slot {@code s} is {@code s + 1}.
 * See {@code docs/ARCHITECTURE.md}.
 *
 * <p><b>Contract.</b> Messages to one slot arrive in the order they were sent, and are never changed by the link
 * (the runtime hands the same encoded message to several slots). {@link #send}, {@link #broadcast} and
 * {@link #scatter} are thread-safe and do not wait for the worker to execute anything. A link reports each loss of
 * a worker once ({@link Receiver#lost}) and each worker that joins a lost slot ({@link Receiver#joined}), the join of
 * a worker always before its loss (from one thread, or in that order); it keeps
 * no other account of liveness. A message for a slot whose worker is gone is dropped without an exception (the
 * loss report tells the runtime); a link throws {@link org.poolkit.api.PoolException} only when it cannot send to a
 * worker it believes alive (an acknowledgement that never came, say).
 *
 * <p>Byte backends (loopback threads, Akka cluster, MPI) are {@code Link<byte[]>}: a message is a frame. The
 * in-JVM {@code akka} pool is a {@code Link<Object>}, whose messages are the runtime's command and reply objects,
 * passed without copying.
 *
 * @param <M> the message type: {@code byte[]} frames, or objects for links inside one JVM
 * @since 0.2
 */
public interface Link<M> {

    /**
     * Returns the number of slots.
     *
     * @return at least 1, constant for the life of the link
     */
    int slots();

    /**
     * Starts the workers and waits (bounded) until every slot has a worker that can take messages; called once,
     * before anything is sent. On failure the link throws and is closed by the runtime.
     *
     * @param setup    what every worker needs to build its runtime ({@link WorkerSetup#toBytes()} for a process)
     * @param receiver receives replies, losses and replacements, from the link's threads
     */
    void start(WorkerSetup setup, Receiver<M> receiver);

    /**
     * Sends one message to the worker in a slot.
     *
     * @param slot    the slot
     * @param message the message
     */
    void send(int slot, M message);

    /**
     * Sends one message to the workers in several slots (a push, an {@code apply}). Links with a collective
     * operation (MPI's {@code Bcast}) override it.
     *
     * @param slots   the slots, in increasing order
     * @param message the message; the same object for every slot
     */
    default void broadcast(int[] slots, M message) {
        for (int slot : slots) {
            send(slot, message);
        }
    }

    /**
     * Sends a message of its own to each of several slots (the blocks of a scatter). Links with a collective
     * operation (MPI's {@code Scatterv}) override it.
     *
     * @param slots    the slots, in increasing order
     * @param messages {@code messages[i]} goes to {@code slots[i]}
     */
    default void scatter(int[] slots, M[] messages) {
        for (int i = 0; i < slots.length; i++) {
            send(slots[i], messages[i]);
        }
    }

    /**
     * Tells whether this link puts a new worker in the place of a lost one ({@link Receiver#joined}). A {@code map}
     * that has lost every worker waits (within the call timeout) for a replacement instead of failing at once.
     *
     * @return {@code true} if lost workers are replaced; {@code false} by default
     */
    default boolean replaces() {
        return false;
    }

    /** Stops every worker (threads, processes) and waits a bounded time for them; idempotent. */
    void close();

    /**
     * What a link reports. {@link #received} is called from the link's threads and returns quickly;
     * {@link #lost} and {@link #joined} may block (the runtime sends to other workers meanwhile), so a link calls
     * them from a thread that need not deliver messages or acknowledgements in the meantime.
     *
     * @param <M> the message type
     */
    interface Receiver<M> {

        /**
         * The worker in a slot sent a message.
         *
         * @param slot    the slot
         * @param message the message
         */
        void received(int slot, M message);

        /**
         * The worker in a slot is gone. Reported once per worker.
         *
         * @param slot   the slot
         * @param reason what happened, for the messages of the calls that waited on it
         */
        void lost(int slot, String reason);

        /**
         * A new worker took a lost slot and can take messages.
         *
         * @param slot the slot
         */
        void joined(int slot);
    }
}
