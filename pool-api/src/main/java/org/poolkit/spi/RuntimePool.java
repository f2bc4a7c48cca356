package org.poolkit.spi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import org.poolkit.api.PoolException;
import org.poolkit.api.PoolStats;
import org.poolkit.api.RemoteFunction;
import org.poolkit.api.RemoteObject;
import org.poolkit.api.ResultSink;
import org.poolkit.api.WorkerException;
import org.poolkit.api.WorkerFunction;
import org.poolkit.api.WorkerLostException;
import org.poolkit.api.WorkerPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link WorkerPool} of every message-passing backend, written once over a {@link Transport}: handles and
 * reference counts, sharing of {@link org.poolkit.api.Immutable} objects, scatter blocks, calls on every worker,
 * dynamically balanced and adaptively batched {@code map}, error capture, and bounded waits.
 *
 * <p>Functions are serialized by the caller with the {@link Codec} before anything is sent, which checks that
 * they can travel and that the handles they carry are live and belong to this pool.
 *
 * <p>Thread-safe: calls from several threads run concurrently; each worker executes its commands in order.
 *
 * @since 0.1
 */
public class RuntimePool implements WorkerPool {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimePool.class);

    private final String name;
    private final String poolId;
    private final Transport transport;
    private final RuntimeSettings settings;
    private final Codec codec;
    private final HandleRegistry registry;
    private final Calls calls = new Calls();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong objectsSent = new AtomicLong();
    private final AtomicLong sharedPushes = new AtomicLong();
    private final AtomicLong mapItems = new AtomicLong();
    private final AtomicLong mapBatches = new AtomicLong();
    private final AtomicLong commands = new AtomicLong();

    /**
     * Creates a pool and starts the transport's workers.
     *
     * @param name      the pool's name, used in its id and in messages (e.g. {@code "loopback"})
     * @param transport the transport; this pool owns and closes it
     * @param settings  the runtime settings
     */
    public RuntimePool(String name, Transport transport, RuntimeSettings settings) {
        this.name = name;
        this.poolId = name + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        this.transport = transport;
        this.settings = settings;
        this.codec = new Codec(settings.allowedPackages(), Codec.defaultClassLoader());
        this.registry = new HandleRegistry(poolId, this::freeEverywhere);
        transport.start(new WorkerSetup(poolId, transport.size(), settings.seed(), settings.allowedPackages()),
                calls);
    }

    /**
     * Returns this pool's id, carried by its handles.
     *
     * @return the id, e.g. {@code loopback-1a2b3c4d}
     */
    public String poolId() {
        return poolId;
    }

    @Override
    public int size() {
        checkOpen();
        return transport.size();
    }

    @Override
    public <T> RemoteObject<T> push(T object) {
        checkOpen();
        Objects.requireNonNull(object, "push: object must not be null");
        RemoteObject<T> shared = registry.share(object);
        if (shared != null) {
            sharedPushes.incrementAndGet();
            return shared;
        }
        byte[] bytes = encodeData(object, "push");
        long objectId = registry.newObjectId();
        store(objectId, w -> bytes, "push of " + object.getClass().getName());
        return registry.register(objectId, object);
    }

    @Override
    public <T> RemoteObject<List<T>> scatterList(List<? extends T> items) {
        checkOpen();
        Objects.requireNonNull(items, "scatterList: items must not be null");
        int[] bounds = Scatter.bounds(items.size(), transport.size());
        byte[][] blocks = new byte[transport.size()][];
        for (int w = 0; w < blocks.length; w++) {
            blocks[w] = encodeData(new ArrayList<T>(items.subList(bounds[w], bounds[w + 1])), "scatterList");
        }
        return storeBlocks(blocks, "scatterList");
    }

    @Override
    public RemoteObject<double[][]> scatterArray(double[][] rows) {
        checkOpen();
        Objects.requireNonNull(rows, "scatterArray: rows must not be null");
        int[] bounds = Scatter.bounds(rows.length, transport.size());
        byte[][] blocks = new byte[transport.size()][];
        for (int w = 0; w < blocks.length; w++) {
            blocks[w] = encodeData(Arrays.copyOfRange(rows, bounds[w], bounds[w + 1]), "scatterArray");
        }
        return storeBlocks(blocks, "scatterArray");
    }

    private <T> RemoteObject<T> storeBlocks(byte[][] blocks, String what) {
        long objectId = registry.newObjectId();
        store(objectId, w -> blocks[w], what);
        return registry.register(objectId, null);
    }

    private byte[] encodeData(Object value, String what) {
        List<RemoteHandle<?>> handles = new ArrayList<>();
        byte[] bytes = codec.encode(value, handles);
        registry.check(handles);
        return bytes;
    }

    private void store(long objectId, IntFunction<byte[]> bytesFor, String what) {
        try {
            onEveryWorker(what, (w, callId) -> new Command.Store(callId, objectId, bytesFor.apply(w)), -1);
            objectsSent.incrementAndGet();
        } catch (RuntimeException e) {
            freeEverywhere(objectId);
            if (e instanceof WorkerException we) {
                throw new PoolException(what + " failed: worker " + we.worker() + " could not store it: "
                        + we.getCause().getMessage(), we);
            }
            throw e;
        }
    }

    @Override
    public <R> List<R> apply(WorkerFunction<? extends R> function) {
        checkOpen();
        Objects.requireNonNull(function, "apply: function must not be null");
        byte[] bytes = encodeFunction(function);
        return onEveryWorker("apply", (w, callId) -> new Command.Run(callId, bytes), -1);
    }

    @Override
    public <R> R applyOnly(int worker, WorkerFunction<? extends R> function) {
        checkOpen();
        int size = transport.size();
        if (worker < 0 || worker >= size) {
            throw new IllegalArgumentException("applyOnly: worker " + worker + " is out of range; this pool has"
                    + " workers 0.." + (size - 1));
        }
        Objects.requireNonNull(function, "applyOnly: function must not be null");
        byte[] bytes = encodeFunction(function);
        List<R> result = onEveryWorker("applyOnly(" + worker + ")",
                (w, callId) -> new Command.Run(callId, bytes), worker);
        return result.get(0);
    }

    /**
     * Sends one command to every worker (or only to {@code only} when it is >= 0) and collects the answers in
     * worker order. All workers are awaited even after a failure, so that the pool is idle when this returns.
     */
    private <R> List<R> onEveryWorker(String what, CommandFactory commandFor, int only) {
        int size = transport.size();
        int[] workers = only >= 0 ? new int[] {only} : java.util.stream.IntStream.range(0, size).toArray();
        Calls.Call call = calls.open();
        try {
            Object[] results = new Object[size];
            boolean[] answered = new boolean[size];
            for (int w : workers) {
                send(w, commandFor.create(w, call.id));
            }
            long deadline = System.nanoTime() + settings.callTimeout().toNanos();
            int missing = workers.length;
            WorkerException failure = null;
            while (missing > 0) {
                Object event = Calls.next(call, deadline, closed::get,
                        () -> what + " on workers " + pending(workers, answered), false);
                if (event instanceof Calls.Received r && !answered[r.worker()]) {
                    answered[r.worker()] = true;
                    missing--;
                    if (r.reply() instanceof Reply.Value v) {
                        results[r.worker()] = v.value();
                    } else if (r.reply() instanceof Reply.Failed f && failure == null) {
                        failure = new WorkerException(r.worker(), -1, f.error().toFailure());
                    }
                } else if (event instanceof Calls.Lost l && contains(workers, l.worker()) && !answered[l.worker()]) {
                    throw new WorkerLostException(l.worker(), what + ": worker " + l.worker() + " was lost before"
                            + " it answered: " + l.reason());
                }
            }
            if (failure != null) {
                throw failure;
            }
            List<R> list = new ArrayList<>(workers.length);
            for (int w : workers) {
                @SuppressWarnings("unchecked")
                R r = (R) results[w];
                list.add(r);
            }
            return list;
        } finally {
            calls.close(call);
        }
    }

    /** Makes the command for one worker of a call. */
    @FunctionalInterface
    private interface CommandFactory {
        Command create(int worker, long callId);
    }

    private static boolean contains(int[] workers, int worker) {
        for (int w : workers) {
            if (w == worker) {
                return true;
            }
        }
        return false;
    }

    private static String pending(int[] workers, boolean[] answered) {
        StringJoiner joiner = new StringJoiner(", ", "[", "]");
        for (int w : workers) {
            if (!answered[w]) {
                joiner.add(Integer.toString(w));
            }
        }
        return joiner.toString();
    }

    @Override
    public <T, R> void map(RemoteFunction<? super T, ? extends R> function, List<? extends T> items,
                           ResultSink<? super R> sink) {
        checkOpen();
        Objects.requireNonNull(function, "map: function must not be null");
        Objects.requireNonNull(items, "map: items must not be null");
        Objects.requireNonNull(sink, "map: sink must not be null");
        if (items.isEmpty()) {
            return;
        }
        byte[] bytes = encodeFunction(function);
        Calls.Call call = calls.open();
        try {
            @SuppressWarnings("unchecked")
            ResultSink<Object> objectSink = (ResultSink<Object>) sink;
            new MapRun(this, call, bytes, items, objectSink).run();
        } finally {
            calls.close(call);
        }
    }

    private byte[] encodeFunction(Object function) {
        List<RemoteHandle<?>> handles = new ArrayList<>();
        byte[] bytes = codec.encode(function, handles);
        registry.check(handles);
        return bytes;
    }

    void send(int worker, Command command) {
        String lostReason = calls.lostReason(worker);
        if (lostReason != null) {
            throw new WorkerLostException(worker, "worker " + worker + " of " + poolId + " was lost: " + lostReason);
        }
        commands.incrementAndGet();
        transport.send(worker, command);
    }

    void countBatch(int items) {
        mapBatches.incrementAndGet();
        mapItems.addAndGet(items);
    }

    RuntimeSettings settings() {
        return settings;
    }

    int workerCount() {
        return transport.size();
    }

    boolean isClosed() {
        return closed.get();
    }

    private void freeEverywhere(long objectId) {
        if (closed.get()) {
            return;
        }
        for (int w = 0; w < transport.size(); w++) {
            try {
                send(w, new Command.Free(objectId));
            } catch (RuntimeException e) {
                LOG.debug("could not free object {} on worker {}: {}", objectId, w, e.toString());
            }
        }
    }

    @Override
    public PoolStats stats() {
        return new PoolStats(objectsSent.get(), sharedPushes.get(), mapItems.get(), mapBatches.get(),
                commands.get());
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("pool is closed");
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        registry.close();
        transport.close();
    }

    @Override
    public String toString() {
        return poolId + (closed.get() ? " (closed)" : " with " + transport.size() + " workers");
    }
}
