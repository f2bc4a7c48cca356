package org.poolkit.dummy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.poolkit.api.Immutable;
import org.poolkit.api.PoolStats;
import org.poolkit.api.RemoteFunction;
import org.poolkit.api.RemoteObject;
import org.poolkit.api.ResultSink;
import org.poolkit.api.WorkerException;
import org.poolkit.api.WorkerFunction;
import org.poolkit.api.WorkerPool;
import org.poolkit.runtime.Codec;
import org.poolkit.runtime.ErrorInfo;
import org.poolkit.runtime.HandleRegistry;
import org.poolkit.runtime.WorkerRuntime;

/**
 * One worker that runs every function on the caller's thread, one call at a time.
 *
 * <p>It still checks what a real pool checks, so that a program debugged here runs elsewhere: functions and
 * pushed objects must serialize, handles must be live and its own. Pushed objects are deep copies, except
 * {@link Immutable} ones, which are shared. Calls from several threads are serialized by a lock.
 */
final class DummyPool implements WorkerPool {

    private final String poolId = "dummy-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final Codec codec = Codec.trusted();
    private final WorkerRuntime worker;
    private final HandleRegistry registry;
    private final AtomicLong objectsSent = new AtomicLong();
    private final AtomicLong sharedPushes = new AtomicLong();
    private final AtomicLong mapItems = new AtomicLong();
    private volatile boolean closed;

    DummyPool(long seed) {
        this.worker = new WorkerRuntime(poolId, 0, 1, seed, codec);
        this.registry = new HandleRegistry(poolId, this::free);
    }

    @Override
    public int size() {
        checkOpen();
        return 1;
    }

    @Override
    public synchronized <T> RemoteObject<T> push(T object) {
        checkOpen();
        Objects.requireNonNull(object, "push: object must not be null");
        RemoteObject<T> shared = registry.share(object);
        if (shared != null) {
            sharedPushes.incrementAndGet();
            return shared;
        }
        Object copy = object instanceof Immutable ? checked(object) : codec.decode(checkedBytes(object));
        return store(copy, object);
    }

    @Override
    public synchronized <T> RemoteObject<List<T>> scatterList(List<? extends T> items) {
        checkOpen();
        Objects.requireNonNull(items, "scatterList: items must not be null");
        return store(codec.decode(checkedBytes(new ArrayList<T>(items))), null);
    }

    @Override
    public synchronized RemoteObject<double[][]> scatterArray(double[][] rows) {
        checkOpen();
        Objects.requireNonNull(rows, "scatterArray: rows must not be null");
        return store(codec.decode(checkedBytes(Arrays.copyOf(rows, rows.length))), null);
    }

    private <T> RemoteObject<T> store(Object copy, Object original) {
        long objectId = registry.newObjectId();
        worker.store(objectId, copy);
        objectsSent.incrementAndGet();
        return registry.register(objectId, original);
    }

    @Override
    public synchronized <R> List<R> apply(WorkerFunction<? extends R> function) {
        checkOpen();
        Objects.requireNonNull(function, "apply: function must not be null");
        checked(function);
        try {
            List<R> results = new ArrayList<>(1);
            results.add(worker.call(function));
            return results;
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            throw new WorkerException(0, -1, ErrorInfo.of(e).toFailure());
        }
    }

    @Override
    public <R> R applyOnly(int worker, WorkerFunction<? extends R> function) {
        checkOpen();
        if (worker != 0) {
            throw new IllegalArgumentException("applyOnly: worker " + worker
                    + " is out of range; this pool has workers 0..0");
        }
        Objects.requireNonNull(function, "applyOnly: function must not be null");
        List<R> results = apply(function);
        return results.get(0);
    }

    @Override
    public synchronized <T, R> void map(RemoteFunction<? super T, ? extends R> function, List<? extends T> items,
                                        ResultSink<? super R> sink) {
        checkOpen();
        Objects.requireNonNull(function, "map: function must not be null");
        Objects.requireNonNull(items, "map: items must not be null");
        Objects.requireNonNull(sink, "map: sink must not be null");
        if (items.isEmpty()) {
            return;
        }
        checked(function);
        @SuppressWarnings("unchecked")
        RemoteFunction<T, R> f = (RemoteFunction<T, R>) function;
        for (int i = 0; i < items.size(); i++) {
            R result;
            try {
                result = worker.apply(f, items.get(i));
            } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
                throw new WorkerException(0, i, ErrorInfo.of(e).toFailure());
            }
            mapItems.incrementAndGet();
            sink.accept(i, result);
        }
    }

    /** Serializes a value as a real pool would, to refuse what could not travel and check the handles inside. */
    private byte[] checkedBytes(Object value) {
        return registry.encode(codec, value);
    }

    private <V> V checked(V value) {
        checkedBytes(value);
        return value;
    }

    private void free(long objectId) {
        worker.free(objectId);
    }

    @Override
    public PoolStats stats() {
        return new PoolStats(objectsSent.get(), sharedPushes.get(), mapItems.get(), 0, 0);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("pool is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        registry.close();
        worker.close();
    }

    @Override
    public String toString() {
        return poolId + (closed ? " (closed)" : "");
    }
}
