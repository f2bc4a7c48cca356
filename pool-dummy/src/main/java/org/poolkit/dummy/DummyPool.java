package org.poolkit.dummy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import org.poolkit.api.Immutable;
import org.poolkit.api.Mutability;
import org.poolkit.api.PoolStats;
import org.poolkit.api.RemoteFunction;
import org.poolkit.api.RemoteObject;
import org.poolkit.api.ResultSink;
import org.poolkit.api.WorkerFunction;
import org.poolkit.api.WorkerPool;
import org.poolkit.runtime.Codec;
import org.poolkit.runtime.HandleRegistry;
import org.poolkit.runtime.RuntimeSettings;
import org.poolkit.runtime.WorkerRuntime;

/**
 * One worker, a daemon thread of the pool, that runs every function one call at a time.
 *
 * <p>It still checks what a real pool checks, so that a program debugged here runs elsewhere: functions and
 * pushed objects must serialize, handles must be live and its own. Pushed and scattered objects are deep copies,
 * except {@link Immutable} ones, which are shared; the functions themselves run as the caller passed them. Calls
 * from several threads are safe; the worker runs their functions in the order they came.
 *
 * <p>Every wait is bounded by {@code call-timeout}, and a function that does not return leaves the pool unusable
 * until it does, without blocking {@link #close()}: see {@link DummyWorker}.
 */
final class DummyPool implements WorkerPool {

    private final String poolId = "dummy-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final Codec codec = Codec.trusted();
    private final RuntimeSettings settings;
    private final WorkerRuntime runtime;
    private final HandleRegistry registry;
    private final DummyWorker worker;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong objectsSent = new AtomicLong();
    private final AtomicLong sharedPushes = new AtomicLong();
    private final AtomicLong mapItems = new AtomicLong();

    DummyPool(RuntimeSettings settings) {
        this.settings = settings;
        this.runtime = new WorkerRuntime(poolId, 0, 1, settings.seed(), codec);
        this.registry = new HandleRegistry(poolId, runtime::free);
        this.worker = new DummyWorker(poolId, settings.callTimeout(), closed::get, runtime);
    }

    @Override
    public int size() {
        checkOpen();
        return 1;
    }

    @Override
    public <T> RemoteObject<T> push(T object, Mutability mutability) {
        checkOpen();
        Objects.requireNonNull(object, "push: object must not be null");
        Objects.requireNonNull(mutability, "push: mutability must not be null");
        worker.checkNotStuck("push");
        RemoteObject<T> shared = registry.share(object);
        if (shared != null) {
            sharedPushes.incrementAndGet();
            return shared;
        }
        byte[] bytes = checkedBytes(object);
        return store(object instanceof Immutable ? object : codec.decode(bytes), object, mutability, slot -> bytes);
    }

    @Override
    public <T> RemoteObject<List<T>> scatterList(List<? extends T> items, Mutability mutability) {
        checkOpen();
        Objects.requireNonNull(items, "scatterList: items must not be null");
        Objects.requireNonNull(mutability, "scatterList: mutability must not be null");
        worker.checkNotStuck("scatterList");
        byte[] bytes = checkedBytes(new ArrayList<T>(items));
        return store(codec.decode(bytes), null, mutability, slot -> bytes);
    }

    @Override
    public RemoteObject<double[][]> scatterArray(double[][] rows, Mutability mutability) {
        checkOpen();
        Objects.requireNonNull(rows, "scatterArray: rows must not be null");
        Objects.requireNonNull(mutability, "scatterArray: mutability must not be null");
        worker.checkNotStuck("scatterArray");
        byte[] bytes = checkedBytes(Arrays.copyOf(rows, rows.length));
        return store(codec.decode(bytes), null, mutability, slot -> bytes);
    }

    /** Stores the worker's copy and registers it; {@code original} is {@code null} for a scatter. */
    private <T> RemoteObject<T> store(Object copy, Object original, Mutability mutability,
                                      IntFunction<byte[]> bytes) {
        long objectId = registry.newObjectId();
        runtime.store(objectId, copy);
        objectsSent.incrementAndGet();
        return registry.register(objectId, original, mutability, bytes);
    }

    @Override
    public void restore(RemoteObject<?> handle) {
        checkOpen();
        Objects.requireNonNull(handle, "restore: handle must not be null");
        worker.checkNotStuck("restore");
        HandleRegistry.Entry entry = registry.entryOf(handle);
        runtime.store(entry.id(), codec.decode(entry.original(0)));
    }

    @Override
    public <R> List<R> apply(WorkerFunction<? extends R> function) {
        checkOpen();
        Objects.requireNonNull(function, "apply: function must not be null");
        return run("apply", function);
    }

    @Override
    public <R> R applyOnly(int worker, WorkerFunction<? extends R> function) {
        checkOpen();
        if (worker != 0) {
            throw new IllegalArgumentException("applyOnly: worker " + worker
                    + " is out of range; this pool has workers 0..0");
        }
        Objects.requireNonNull(function, "applyOnly: function must not be null");
        List<R> results = run("applyOnly(0)", function);
        return results.get(0);
    }

    private <R> List<R> run(String what, WorkerFunction<? extends R> function) {
        worker.checkNotStuck(what);
        checkedBytes(function);
        R result = worker.await(worker.submit(what, (job, runtime) -> runtime.call(function)));
        List<R> results = new ArrayList<>(1);
        results.add(result);
        return results;
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
        worker.checkNotStuck("map");
        checkedBytes(function);
        @SuppressWarnings("unchecked")
        RemoteFunction<T, R> f = (RemoteFunction<T, R>) function;
        new DummyMap<T, R>(worker, f, items, sink, settings, mapItems).run();
    }

    /** Serializes a value as a real pool would, to refuse what could not travel and check the handles inside. */
    private byte[] checkedBytes(Object value) {
        return registry.encode(codec, value);
    }

    @Override
    public PoolStats stats() {
        return new PoolStats(objectsSent.get(), sharedPushes.get(), mapItems.get(), 0, 0);
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("pool is closed");
        }
    }

    /**
     * Closes the pool: every handle is removed, a call waiting in another thread ends with an
     * {@link IllegalStateException} within about 100 ms, and a running function is interrupted and awaited at most
     * {@value DummyWorker#STOP_WAIT_MILLIS} ms (not at all if the worker is stuck: its thread is left behind).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        registry.close();
        worker.stop();
    }

    @Override
    public String toString() {
        return poolId + (closed.get() ? " (closed)" : "");
    }
}
