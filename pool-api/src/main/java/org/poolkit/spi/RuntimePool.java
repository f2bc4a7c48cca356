package org.poolkit.spi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
 * dynamically balanced and adaptively batched {@code map}, error capture, bounded waits, and lost or replaced
 * workers.
 *
 * <p>Functions are serialized by the caller with the {@link Codec} before anything is sent, which checks that
 * they can travel and that the handles they carry are live and belong to this pool.
 *
 * <p><b>Lost workers.</b> The transport's slots are numbered {@code 0..transport.size()-1}; the pool's workers are
 * the live slots, numbered in slot order, so {@link #size()} counts live workers and {@code workerIndex()} stays
 * {@code 0..size()-1}. A call that waits on a worker that is lost fails with a {@link WorkerLostException}, except
 * {@code map}, which hands the lost worker's batches to others, and {@code push}, which completes on the others.
 * When the transport puts a new worker in a lost slot, every live object is stored on it again from the caller's
 * copy before anything else is sent to it.
 *
 * <p>Thread-safe: calls from several threads run concurrently; each worker executes its commands in order.
 *
 * @since 0.1
 */
public class RuntimePool implements WorkerPool {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimePool.class);

    private final String poolId;
    private final Transport transport;
    private final RuntimeSettings settings;
    private final Codec codec;
    private final HandleRegistry registry;
    private final Calls calls = new Calls();
    private final Object membership = new Object();
    private volatile int[] live;
    private volatile String lastLoss;
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
     * @param transport the transport; this pool owns and closes it (also when it fails to start)
     * @param settings  the runtime settings
     */
    public RuntimePool(String name, Transport transport, RuntimeSettings settings) {
        this.poolId = name + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        this.transport = transport;
        this.settings = settings;
        this.codec = new Codec(settings.allowedPackages(), Codec.defaultClassLoader());
        this.registry = new HandleRegistry(poolId, this::freeEverywhere);
        this.live = ranks(transport.size());
        try {
            transport.start(new WorkerSetup(poolId, transport.size(), settings.seed(), settings.allowedPackages()),
                    new Membership());
        } catch (RuntimeException | Error e) {
            try {
                transport.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
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
        return live.length;
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
        liveOrFail("push");
        byte[] bytes = encode(object);
        return store(slot -> slot == -1 ? bytes : encode(object), object,
                "push of " + object.getClass().getName());
    }

    @Override
    public <T> RemoteObject<List<T>> scatterList(List<? extends T> items) {
        checkOpen();
        Objects.requireNonNull(items, "scatterList: items must not be null");
        int[] slots = liveOrFail("scatterList");
        int[] bounds = Scatter.bounds(items.size(), slots.length);
        Map<Integer, byte[]> blocks = new HashMap<>();
        for (int k = 0; k < slots.length; k++) {
            blocks.put(slots[k], encode(new ArrayList<T>(items.subList(bounds[k], bounds[k + 1]))));
        }
        byte[] empty = encode(new ArrayList<T>());
        return store(slot -> blocks.getOrDefault(slot, empty), null, "scatterList");
    }

    @Override
    public RemoteObject<double[][]> scatterArray(double[][] rows) {
        checkOpen();
        Objects.requireNonNull(rows, "scatterArray: rows must not be null");
        int[] slots = liveOrFail("scatterArray");
        int[] bounds = Scatter.bounds(rows.length, slots.length);
        Map<Integer, byte[]> blocks = new HashMap<>();
        for (int k = 0; k < slots.length; k++) {
            blocks.put(slots[k], encode(Arrays.copyOfRange(rows, bounds[k], bounds[k + 1])));
        }
        byte[] empty = encode(new double[0][]);
        return store(slot -> blocks.getOrDefault(slot, empty), null, "scatterArray");
    }

    /**
     * Stores an object on every live worker and returns its handle. The entry is reserved first, so that a worker
     * joining meanwhile gets it too; it becomes shareable only once stored. {@code bytesFor(-1)} is the first
     * encoding of a push; {@code bytesFor(slot)} the bytes for a slot.
     */
    private <T> RemoteObject<T> store(IntFunction<byte[]> bytesFor, Object original, String what) {
        long objectId = registry.newObjectId();
        HandleRegistry.Entry entry;
        int[] slots;
        synchronized (membership) {
            // a worker that joins later gets the entry from its reload; one that joined earlier is in slots
            entry = registry.reserve(objectId, bytesFor);
            slots = live;
        }
        try {
            Command.Store[] shared = new Command.Store[1];
            onWorkers(what, slots, ranks(slots.length), (slot, callId) -> {
                if (original == null) {
                    return new Command.Store(callId, objectId, bytesFor.apply(slot));
                }
                if (shared[0] == null) {
                    shared[0] = new Command.Store(callId, objectId, bytesFor.apply(-1));
                }
                return shared[0];
            }, true);
        } catch (RuntimeException e) {
            registry.abandon(entry);
            freeEverywhere(objectId);
            if (e instanceof WorkerException we) {
                throw new PoolException(what + " failed: worker " + we.worker() + " could not store it: "
                        + we.getCause().getMessage(), we);
            }
            throw e;
        }
        objectsSent.incrementAndGet();
        return registry.publish(entry, original);
    }

    @Override
    public <R> List<R> apply(WorkerFunction<? extends R> function) {
        checkOpen();
        Objects.requireNonNull(function, "apply: function must not be null");
        byte[] bytes = encode(function);
        int[] slots = liveOrFail("apply");
        Command.Run[] run = new Command.Run[1];
        return onWorkers("apply", slots, ranks(slots.length), (slot, callId) -> {
            if (run[0] == null) {
                run[0] = new Command.Run(callId, bytes);
            }
            return run[0];
        }, false);
    }

    @Override
    public <R> R applyOnly(int worker, WorkerFunction<? extends R> function) {
        checkOpen();
        int[] slots = live;
        if (worker < 0 || worker >= slots.length) {
            throw new IllegalArgumentException("applyOnly: worker " + worker + " is out of range; this pool has"
                    + " workers 0.." + (slots.length - 1));
        }
        Objects.requireNonNull(function, "applyOnly: function must not be null");
        byte[] bytes = encode(function);
        List<R> result = onWorkers("applyOnly(" + worker + ")", new int[] {slots[worker]}, new int[] {worker},
                (slot, callId) -> new Command.Run(callId, bytes), false);
        return result.get(0);
    }

    private int[] liveOrFail(String what) {
        int[] slots = live;
        if (slots.length == 0) {
            String last = lastLoss;
            throw new WorkerLostException(-1, what + ": " + poolId + " has no live worker left"
                    + (last == null ? "" : " (last loss: " + last + ")"));
        }
        return slots;
    }

    /**
     * Sends one command to each of the given slots and collects the answers in that order; {@code ranks} are the
     * workers' indices as the user sees them, for messages. All workers are
     * awaited even after a failure, so that the pool is idle when this returns. A lost worker fails the call,
     * unless {@code skipLost}: then it is left out (a replacement gets the object through its reload).
     */
    private <R> List<R> onWorkers(String what, int[] slots, int[] ranks, CommandFactory commandFor,
                                  boolean skipLost) {
        Calls.Call call = calls.open();
        try {
            Object[] results = new Object[slots.length];
            boolean[] answered = new boolean[slots.length];
            int missing = slots.length;
            Command[] commands = new Command[slots.length];
            for (int k = 0; k < slots.length; k++) {
                commands[k] = commandFor.create(slots[k], call.id);
            }
            if (!sendCollectively(slots, commands)) {
                for (int k = 0; k < slots.length; k++) {
                    try {
                        send(slots[k], commands[k]);
                    } catch (WorkerLostException e) {
                        if (!skipLost) {
                            throw lostDuring(what, ranks[k], e.getMessage());
                        }
                        answered[k] = true;
                        missing--;
                    }
                }
            }
            long deadline = System.nanoTime() + settings.callTimeout().toNanos();
            WorkerException failure = null;
            while (missing > 0) {
                Object event = Calls.next(call, deadline, closed::get,
                        () -> what + " on workers " + pending(ranks, answered), false);
                int k = event instanceof Calls.Received r ? indexOf(slots, r.worker())
                        : event instanceof Calls.Lost l ? indexOf(slots, l.worker()) : -1;
                if (k < 0 || answered[k]) {
                    continue;
                }
                answered[k] = true;
                missing--;
                if (event instanceof Calls.Lost l && !skipLost) {
                    throw lostDuring(what, ranks[k], l.reason());
                } else if (event instanceof Calls.Received r) {
                    if (r.reply() instanceof Reply.Value v) {
                        results[k] = v.value();
                    } else if (r.reply() instanceof Reply.Failed f && failure == null) {
                        failure = new WorkerException(ranks[k], -1, f.error().toFailure());
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
            List<R> list = new ArrayList<>(slots.length);
            for (Object result : results) {
                @SuppressWarnings("unchecked")
                R r = (R) result;
                list.add(r);
            }
            return list;
        } finally {
            calls.close(call);
        }
    }

    /**
     * Sends the commands of a call to several workers with the transport's collective operations: one broadcast
     * when every worker gets the same command, one scatter of stores. Only when no target is known to be lost;
     * otherwise the caller sends one by one and handles each loss.
     */
    private boolean sendCollectively(int[] slots, Command[] toSend) {
        if (slots.length < 2) {
            return false;
        }
        for (int slot : slots) {
            if (calls.lostReason(slot) != null) {
                return false;
            }
        }
        boolean same = true;
        boolean stores = true;
        for (Command command : toSend) {
            same &= command == toSend[0];
            stores &= command instanceof Command.Store;
        }
        if (!same && !stores) {
            return false;
        }
        commands.addAndGet(slots.length);
        if (same) {
            transport.broadcast(slots, toSend[0]);
        } else {
            transport.scatter(slots, toSend);
        }
        return true;
    }

    private static WorkerLostException lostDuring(String what, int worker, String reason) {
        return new WorkerLostException(worker, what + ": worker " + worker + " was lost before it answered: "
                + reason);
    }

    /** Makes the command for one worker slot of a call. */
    @FunctionalInterface
    private interface CommandFactory {
        Command create(int slot, long callId);
    }

    static int indexOf(int[] slots, int slot) {
        for (int k = 0; k < slots.length; k++) {
            if (slots[k] == slot) {
                return k;
            }
        }
        return -1;
    }

    private static int[] ranks(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    private static String pending(int[] ranks, boolean[] answered) {
        StringJoiner joiner = new StringJoiner(", ", "[", "]");
        for (int k = 0; k < answered.length; k++) {
            if (!answered[k]) {
                joiner.add(Integer.toString(ranks[k]));
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
        byte[] bytes = encode(function);
        Calls.Call call = calls.open();
        try {
            @SuppressWarnings("unchecked")
            ResultSink<Object> objectSink = (ResultSink<Object>) sink;
            new MapRun(this, call, bytes, items, objectSink).run();
        } finally {
            calls.close(call);
        }
    }

    /** Serializes a function or value as it will travel, checking the handles it carries. */
    private byte[] encode(Object value) {
        return registry.encode(codec, value);
    }

    void send(int slot, Command command) {
        String lostReason = calls.lostReason(slot);
        if (lostReason != null) {
            throw new WorkerLostException(slot, "worker in slot " + slot + " of " + poolId + " was lost: "
                    + lostReason);
        }
        sendUnchecked(slot, command);
    }

    private void sendUnchecked(int slot, Command command) {
        commands.incrementAndGet();
        transport.send(slot, command);
    }

    void countBatch(int items) {
        mapBatches.incrementAndGet();
        mapItems.addAndGet(items);
    }

    RuntimeSettings settings() {
        return settings;
    }

    int slotCount() {
        return transport.size();
    }

    int[] liveSlots() {
        return live;
    }

    boolean isClosed() {
        return closed.get();
    }

    private void freeEverywhere(long objectId) {
        if (closed.get()) {
            return;
        }
        int[] slots;
        synchronized (membership) {
            slots = live;
        }
        for (int slot : slots) {
            try {
                send(slot, new Command.Free(objectId));
            } catch (RuntimeException e) {
                LOG.debug("could not free object {} on worker slot {}: {}", objectId, slot, e.toString());
            }
        }
    }

    /** Keeps the live slots, the workers' numbering and their objects in step with the transport's reports. */
    private final class Membership implements Transport.Listener {

        @Override
        public void onReply(int worker, Reply reply) {
            calls.onReply(worker, reply);
        }

        @Override
        public void onWorkerLost(int worker, String reason) {
            synchronized (membership) {
                if (indexOf(live, worker) >= 0) {
                    lastLoss = reason;
                    int[] left = Arrays.stream(live).filter(s -> s != worker).toArray();
                    renumber(left);
                    live = left;
                    LOG.warn("{}: worker in slot {} lost ({}); {} workers left", poolId, worker, reason, live.length);
                }
            }
            calls.onWorkerLost(worker, reason);
        }

        @Override
        public void onWorkerJoined(int worker) {
            if (closed.get()) {
                return;
            }
            synchronized (membership) {
                if (indexOf(live, worker) >= 0) {
                    return;
                }
                reload(worker);
                calls.clearLost(worker);
                int[] grown = Arrays.copyOf(live, live.length + 1);
                grown[live.length] = worker;
                Arrays.sort(grown);
                renumber(grown);
                live = grown;
                LOG.info("{}: a new worker took slot {}; {} workers", poolId, worker, live.length);
                calls.onWorkerJoined(worker);
            }
        }

        /** Stores every live object on a new worker and waits (bounded) for it to confirm each one. */
        private void reload(int worker) {
            Calls.Call call = calls.open();
            try {
                int[] sent = {0};
                registry.forEachReloadable((objectId, reload) -> {
                    try {
                        sendUnchecked(worker, new Command.Store(call.id, objectId, reload.apply(worker)));
                        sent[0]++;
                    } catch (RuntimeException e) {
                        LOG.warn("{}: cannot store object {} on the new worker in slot {}: {}", poolId, objectId,
                                worker, e.toString());
                    }
                });
                long deadline = System.nanoTime() + settings.callTimeout().toNanos();
                for (int k = 0; k < sent[0]; k++) {
                    Object event = Calls.next(call, deadline, closed::get,
                            () -> "the new worker in slot " + worker + " to store the pool's objects", false);
                    if (event instanceof Calls.Received r && r.reply() instanceof Reply.Failed f) {
                        LOG.warn("{}: the new worker in slot {} could not store an object: {}", poolId, worker,
                                f.error().toFailure().getMessage());
                    } else if (event instanceof Calls.Lost l && l.worker() == worker) {
                        LOG.warn("{}: the new worker in slot {} was lost while loading: {}", poolId, worker,
                                l.reason());
                        return;
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("{}: loading the new worker in slot {} failed: {}", poolId, worker, e.toString());
            } finally {
                calls.close(call);
            }
        }

        /**
         * Tells every worker of the new membership its index. Called before the membership is published, so that
         * a call that sees the new membership reaches each worker after its renumbering (per-worker order).
         */
        private void renumber(int[] slots) {
            for (int k = 0; k < slots.length; k++) {
                try {
                    sendUnchecked(slots[k], new Command.Renumber(k, slots.length));
                } catch (RuntimeException e) {
                    LOG.debug("could not renumber slot {}: {}", slots[k], e.toString());
                }
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
        return poolId + (closed.get() ? " (closed)" : " with " + live.length + " workers");
    }
}
