package org.poolkit.runtime;

import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

import org.poolkit.spi.WorkerSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker, wherever it lives (a loopback thread, an Akka worker JVM, an MPI rank, an actor): message in, the
 * worker's runtime, message out. A backend feeds it what its link received for this worker and sends back what it
 * returns.
 *
 * <p><b>Failure policy</b>, the same for every backend: whatever fails while a command is handled (decoding it, the
 * user's function, encoding its result, anything else) is answered with a failure reply that names it, and the
 * worker goes on. A {@link VirtualMachineError} other than {@link OutOfMemoryError} and {@link StackOverflowError}
 * ends the worker: {@link #handle} and {@link #serve} throw it, and the backend ends the worker's thread or process,
 * which its link reports as lost. {@link #handle} is also the last line of defence: whatever else escapes the
 * handling of a message (a bug in poolkit) is answered the same way where the command is answered, and logged
 * where no answer can be made; it never ends the worker.
 *
 * <p>Used by one thread at a time.
 *
 * @param <M> the link's message type
 * @since 0.2
 */
public final class WorkerLoop<M> {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerLoop.class);

    private final Format<M> format;
    private final WorkerRuntime runtime;

    private WorkerLoop(Format<M> format, WorkerRuntime runtime) {
        this.format = format;
        this.runtime = runtime;
    }

    /**
     * Creates the worker in a slot of a byte link: it decodes with the pool's allow-list, loading classes from
     * {@link Codec#defaultClassLoader()}.
     *
     * @param setup the pool's setup, as the caller sent it
     * @param slot  the worker's slot (its first worker index; the runtime renumbers it when others are lost)
     * @return the worker
     */
    public static WorkerLoop<byte[]> frames(WorkerSetup setup, int slot) {
        Codec codec = new Codec(setup.allowedPackages(), Codec.defaultClassLoader());
        return new WorkerLoop<>(new Frames(codec), newRuntime(setup, slot, codec));
    }

    /**
     * Creates the worker in a slot of a link inside the caller's JVM, whose messages are the runtime's objects.
     *
     * @param setup the pool's setup
     * @param slot  the worker's slot
     * @return the worker
     */
    public static WorkerLoop<Object> objects(WorkerSetup setup, int slot) {
        return new WorkerLoop<>(ObjectMessages.INSTANCE, newRuntime(setup, slot, Codec.trusted()));
    }

    private static WorkerRuntime newRuntime(WorkerSetup setup, int slot, Codec codec) {
        return new WorkerRuntime(setup.poolId(), slot, setup.poolSize(), setup.seed(), codec);
    }

    /**
     * Handles one message. Never throws, except a fatal error: whatever fails is answered with a failure reply.
     *
     * @param message a command message from the caller
     * @return the reply message, or {@code null} for commands that are not answered
     * @throws VirtualMachineError a fatal error, which ends the worker (see the failure policy)
     */
    public M handle(M message) {
        try {
            return format.handle(runtime, message);
        } catch (Throwable e) {
            rethrowIfFatal(e);
            return failure(message, e);
        }
    }

    /**
     * Handles one message and hands its reply to {@code replies}. When handing it over fails (a reply too large to
     * split into the link's messages, a send that could not be made), the failure is answered, as the failure
     * policy says; if that answer cannot be handed over either, it is logged and the worker goes on.
     *
     * @param message a command message from the caller
     * @param replies takes the reply, if there is one
     * @throws VirtualMachineError a fatal error, which ends the worker
     */
    public void handle(M message, Consumer<? super M> replies) {
        M reply = handle(message);
        if (reply == null) {
            return;
        }
        try {
            replies.accept(reply);
        } catch (Throwable e) {
            rethrowIfFatal(e);
            M failure = failure(message, e);
            if (failure == null) {
                return;
            }
            try {
                replies.accept(failure);
            } catch (Throwable again) {
                rethrowIfFatal(again);
                LOG.warn("{} could not hand over its reply ({}), nor the failure reply that says so ({}); the call"
                        + " waits for its timeout", runtime, describe(e), describe(again));
            }
        }
    }

    /** The failure reply of a message, or {@code null}; never throws but a fatal error. */
    private M failure(M message, Throwable error) {
        try {
            return format.failure(runtime, message, error);
        } catch (Throwable e) {
            rethrowIfFatal(e);
            LOG.warn("{} failed to handle a message ({}) and could not answer it ({})", runtime, describe(error),
                    describe(e));
            return null;
        }
    }

    private static String describe(Throwable e) {
        ErrorInfo info = ErrorInfo.of(e);
        return info.message() == null ? info.className() : info.className() + ": " + info.message();
    }

    /**
     * Serves on the calling thread until it is interrupted: takes each message from {@code inbox}, handles it,
     * and hands each reply to {@code replies}. Frees the worker's objects when it returns or throws.
     *
     * @param inbox   the messages for this worker, in order
     * @param replies takes each reply
     * @throws InterruptedException when the thread is interrupted while it waits for a message
     * @throws VirtualMachineError  a fatal error, which ends the worker
     */
    public void serve(BlockingQueue<M> inbox, Consumer<? super M> replies) throws InterruptedException {
        serve(inbox, null, replies);
    }

    /**
     * Serves on the calling thread until it takes {@code stop} from {@code inbox} (the very object: a sentinel,
     * so that stopping does not depend on a user's function leaving the thread's interrupt alone) or is
     * interrupted while it waits. Frees the worker's objects when it returns or throws.
     *
     * @param inbox   the messages for this worker, in order
     * @param stop    the sentinel that ends serving, never handled
     * @param replies takes each reply
     * @throws InterruptedException when the thread is interrupted while it waits for a message
     * @throws VirtualMachineError  a fatal error, which ends the worker
     */
    public void serve(BlockingQueue<M> inbox, M stop, Consumer<? super M> replies) throws InterruptedException {
        try {
            while (true) {
                M message = inbox.take();
                if (message == stop) {
                    return;
                }
                handle(message, replies);
            }
        } finally {
            close();
        }
    }

    /** Frees every object this worker holds. */
    public void close() {
        runtime.close();
    }

    @Override
    public String toString() {
        return runtime.toString();
    }

    static void rethrowIfFatal(Throwable e) {
        if (e instanceof VirtualMachineError && !(e instanceof OutOfMemoryError)
                && !(e instanceof StackOverflowError)) {
            throw (VirtualMachineError) e;
        }
    }
}
