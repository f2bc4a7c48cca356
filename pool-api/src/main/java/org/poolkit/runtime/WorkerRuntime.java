package org.poolkit.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.poolkit.api.CurrentContext;
import org.poolkit.api.PoolException;
import org.poolkit.api.RemoteFunction;
import org.poolkit.api.WorkerContext;
import org.poolkit.api.WorkerFunction;

/**
 * One worker: its object store, its context, and the execution of {@link Command}s. Every backend runs one per
 * worker, wherever the worker lives (a thread, an actor, another JVM, an MPI rank); the backend only moves the
 * commands and replies.
 *
 * <p>A runtime is used by one thread at a time. While it runs a function, {@link WorkerContext#current()} and
 * {@link org.poolkit.api.RemoteObject#get()} on that thread refer to it.
 *
 * @since 0.1
 */
public final class WorkerRuntime implements WorkerContext {

    private final String poolId;
    private volatile int workerIndex;
    private volatile int poolSize;
    private volatile int incarnation;
    private final RandomGenerator random;
    private final Codec codec;
    private final ObjectStore store = new ObjectStore();
    private final Map<Long, RemoteFunction<Object, Object>> mapFunctions = new HashMap<>();

    /**
     * Creates a worker.
     *
     * @param poolId      the id of the pool, which handles must carry
     * @param workerIndex this worker's index
     * @param poolSize    the number of workers
     * @param seed        the pool seed; this worker's generator is derived from it and the index
     * @param codec       decodes commands' functions and values
     */
    public WorkerRuntime(String poolId, int workerIndex, int poolSize, long seed, Codec codec) {
        this.poolId = poolId;
        this.workerIndex = workerIndex;
        this.poolSize = poolSize;
        this.random = new SplittableRandom(mix(seed, workerIndex));
        this.codec = codec;
    }

    private static long mix(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public int workerIndex() {
        return workerIndex;
    }

    @Override
    public int poolSize() {
        return poolSize;
    }

    @Override
    public int incarnation() {
        return incarnation;
    }

    @Override
    public RandomGenerator random() {
        return random;
    }

    @Override
    public int objectCount() {
        return store.size();
    }

    static WorkerRuntime current(RemoteHandle<?> handle) {
        if (CurrentContext.peek() instanceof WorkerRuntime runtime) {
            return runtime;
        }
        throw new IllegalStateException(handle + ": get() only works inside a pool function (a WorkerFunction"
                + " or RemoteFunction run by a WorkerPool); on the caller, keep your own reference");
    }

    Object lookup(RemoteHandle<?> handle) {
        if (!handle.poolId().equals(poolId)) {
            throw new IllegalStateException(handle + " belongs to pool " + handle.poolId()
                    + ", but this function runs on pool " + poolId);
        }
        if (!store.contains(handle.objectId())) {
            throw new IllegalStateException(handle + " is not stored on worker " + workerIndex
                    + " (removed, or never stored there)");
        }
        return store.get(handle.objectId());
    }

    /**
     * Stores a copy directly, for pools that run in the caller's process without commands.
     *
     * @param objectId the id
     * @param value    the copy
     */
    public void store(long objectId, Object value) {
        store.put(objectId, value);
    }

    /**
     * Frees a copy directly.
     *
     * @param objectId the id
     */
    public void free(long objectId) {
        store.remove(objectId);
    }

    /**
     * Runs a worker function on this thread as this worker.
     *
     * @param function the function
     * @param <R>      its result type
     * @return its result
     * @throws Exception whatever the function throws
     */
    public <R> R call(WorkerFunction<R> function) throws Exception {
        return CurrentContext.callAs(this, () -> function.call(this));
    }

    /**
     * Applies a map function to one item on this thread as this worker.
     *
     * @param function the function
     * @param item     the item
     * @param <T>      the item type
     * @param <R>      the result type
     * @return the result
     * @throws Exception whatever the function throws
     */
    public <T, R> R apply(RemoteFunction<T, R> function, T item) throws Exception {
        return CurrentContext.callAs(this, () -> function.apply(item));
    }

    /**
     * Executes a command. Never throws: failures become {@link Reply.Failed}.
     *
     * @param command the command
     * @return the reply, or {@code null} for commands that are not answered
     */
    @SuppressWarnings("unchecked")
    Reply handle(Command command) {
        if (command instanceof Command.Store c) {
            try {
                store.put(c.objectId(), codec.decode(c.value()));
                return new Reply.Done(c.callId());
            } catch (Throwable e) {
                WorkerLoop.rethrowIfFatal(e);
                return new Reply.Failed(c.callId(), -1, -1, ErrorInfo.of(e));
            }
        } else if (command instanceof Command.Free c) {
            store.remove(c.objectId());
            return null;
        } else if (command instanceof Command.Run c) {
            try {
                WorkerFunction<Object> function = (WorkerFunction<Object>) codec.decode(c.function());
                return new Reply.Value(c.callId(), call(function));
            } catch (Throwable e) {
                WorkerLoop.rethrowIfFatal(e);
                return new Reply.Failed(c.callId(), -1, -1, ErrorInfo.of(e));
            }
        } else if (command instanceof Command.MapBatch c) {
            return mapBatch(c);
        } else if (command instanceof Command.Renumber c) {
            workerIndex = c.workerIndex();
            poolSize = c.poolSize();
            incarnation = c.incarnation();
            return null;
        } else if (command instanceof Command.EndMap c) {
            mapFunctions.remove(c.callId());
            return null;
        }
        throw new IllegalArgumentException("unknown command " + command);
    }

    @SuppressWarnings("unchecked")
    private Reply mapBatch(Command.MapBatch c) {
        RemoteFunction<Object, Object> function;
        try {
            if (c.function() != null) {
                mapFunctions.put(c.callId(), (RemoteFunction<Object, Object>) codec.decode(c.function()));
            }
            function = mapFunctions.get(c.callId());
            if (function == null) {
                throw new IllegalStateException("worker " + workerIndex + " has no function for map call "
                        + c.callId());
            }
        } catch (Throwable e) {
            WorkerLoop.rethrowIfFatal(e);
            return new Reply.Failed(c.callId(), c.firstIndex(), -1, ErrorInfo.of(e));
        }
        try {
            // the context is bound once for the whole batch, not per item
            return CurrentContext.callAs(this, () -> applyAll(function, c));
        } catch (Exception e) {
            return new Reply.Failed(c.callId(), c.firstIndex(), -1, ErrorInfo.of(e)); // applyAll answers its own
        }
    }

    /** Applies the function to every item of a batch, on this thread while it runs as this worker. */
    private static Reply applyAll(RemoteFunction<Object, Object> function, Command.MapBatch c) {
        List<?> items = c.items();
        List<Object> results = new ArrayList<>(items.size());
        long start = System.nanoTime();
        for (int i = 0; i < items.size(); i++) {
            try {
                results.add(function.apply(items.get(i)));
            } catch (Throwable e) {
                WorkerLoop.rethrowIfFatal(e);
                return new Reply.Failed(c.callId(), c.firstIndex(), c.firstIndex() + i, ErrorInfo.of(e));
            }
        }
        return new Reply.Batch(c.callId(), c.firstIndex(), results, System.nanoTime() - start);
    }

    /**
     * Encodes a reply for a byte link. A result that cannot be serialized turns into a
     * {@link Reply.Failed} that names its class and item, so the caller hears of it instead of waiting.
     *
     * @param reply the reply
     * @return its bytes
     */
    byte[] encodeReply(Reply reply) {
        try {
            return codec.encode(reply);
        } catch (PoolException e) {
            int firstIndex = -1;
            int itemIndex = -1;
            PoolException reason = e;
            if (reply instanceof Reply.Batch b) {
                firstIndex = b.firstIndex();
                for (int i = 0; i < b.results().size(); i++) {
                    try {
                        codec.encode(b.results().get(i));
                    } catch (PoolException itemFailure) {
                        itemIndex = b.firstIndex() + i;
                        reason = itemFailure;
                        break;
                    }
                }
            }
            PoolException described = new PoolException("worker " + workerIndex + " cannot send its result back: "
                    + reason.getMessage());
            described.setStackTrace(new StackTraceElement[0]);
            return codec.encode(new Reply.Failed(reply.callId(), firstIndex, itemIndex, ErrorInfo.of(described)));
        }
    }

    /** Frees every copy this worker holds. */
    public void close() {
        store.clear();
        mapFunctions.clear();
    }

    @Override
    public String toString() {
        return "worker " + workerIndex + " of " + poolSize + " in pool " + poolId;
    }
}
