package org.poolkit.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.LongFunction;
import java.util.function.Supplier;

import org.poolkit.api.Immutable;
import org.poolkit.api.Mutability;
import org.poolkit.api.PoolException;
import org.poolkit.api.PoolStats;
import org.poolkit.api.RemoteFunction;
import org.poolkit.api.RemoteObject;
import org.poolkit.api.ResultSink;
import org.poolkit.api.WorkerException;
import org.poolkit.api.WorkerFunction;
import org.poolkit.api.WorkerLostException;
import org.poolkit.api.WorkerPool;
import org.poolkit.spi.Link;
import org.poolkit.spi.WorkerSetup;

/**
 * The {@link WorkerPool} of every message-passing backend, written once over a {@link Link}: handles and
 * reference counts, sharing of {@link org.poolkit.api.Immutable} objects, scatter blocks, calls on every worker,
 * dynamically balanced and adaptively batched {@code map}, error capture, bounded waits, and lost or replaced
 * workers. A backend creates it with {@link #overFrames} (links that move bytes) or {@link #overObjects} (links
 * inside this JVM).
 *
 * <p>Functions are serialized by the caller with the pool's one {@link Codec} before anything is sent, which
 * checks that they can travel and that the handles they carry are live and belong to this pool.
 *
 * <p><b>Lost workers.</b> {@link Membership} keeps the live slots; {@link #size()} counts them and worker indices
 * stay {@code 0..size()-1}. A call that waits on a worker that is lost fails with a {@link WorkerLostException},
 * except {@code map}, which hands the lost worker's batches to others, and {@code push}, which completes on the
 * others. When the link puts a new worker in a lost slot, every read-only object is stored on it again from the
 * caller's copy before anything else is sent to it; stateful objects never are, and {@link HandleRegistry} marks
 * those whose copy was lost, so that every call that uses them fails, before, during and after the call.
 *
 * <p>Thread-safe: calls from several threads run concurrently; each worker executes its commands in order.
 *
 * @since 0.1
 */
public final class RuntimePool implements WorkerPool {

    private final String poolId;
    private final Link<?> link;
    private final RuntimeSettings settings;
    private final Codec codec;
    private final HandleRegistry registry;
    private final Calls calls = new Calls();
    private final Channel<?> channel;
    private final Membership membership;
    private final FanOut fanOut;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong objectsSent = new AtomicLong();
    private final AtomicLong sharedPushes = new AtomicLong();
    private final AtomicLong mapItems = new AtomicLong();
    private final AtomicLong mapBatches = new AtomicLong();

    private <M> RuntimePool(String name, Link<M> link, Format<M> format, Codec codec, RuntimeSettings settings) {
        this.poolId = name + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        this.link = link;
        this.settings = settings;
        this.codec = codec;
        this.registry = new HandleRegistry(poolId, this::freeEverywhere);
        Channel<M> typed = new Channel<>(link, format, calls);
        this.channel = typed;
        this.membership = new Membership(poolId, link.slots(), typed, calls, registry, closed::get);
        typed.attach(membership);
        this.fanOut = new FanOut(calls, membership, settings, closed::get);
        try {
            link.start(new WorkerSetup(poolId, link.slots(), settings.seed(), settings.allowedPackages()), typed);
        } catch (RuntimeException | Error e) {
            try {
                link.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * Creates a pool over a link that moves bytes, and starts the link's workers. Commands and replies travel as
     * frames encoded with the pool's codec (its allow-list from the settings).
     *
     * @param name     the pool's name, used in its id and in messages (e.g. {@code "loopback"})
     * @param link     the link; the pool owns and closes it (also when it fails to start)
     * @param settings the runtime settings
     * @return the started pool
     */
    public static RuntimePool overFrames(String name, Link<byte[]> link, RuntimeSettings settings) {
        Codec codec = new Codec(settings.allowedPackages(), Codec.defaultClassLoader());
        return new RuntimePool(name, link, new Frames(codec), codec, settings);
    }

    /**
     * Creates a pool over a link inside this JVM whose workers are {@link WorkerLoop#objects} loops: commands and
     * replies pass as objects, without copies beyond the contract's.
     *
     * @param name     the pool's name
     * @param link     the link; the pool owns and closes it
     * @param settings the runtime settings
     * @return the started pool
     */
    public static RuntimePool overObjects(String name, Link<Object> link, RuntimeSettings settings) {
        Codec codec = new Codec(settings.allowedPackages(), Codec.defaultClassLoader());
        return new RuntimePool(name, link, ObjectMessages.INSTANCE, codec, settings);
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
        return membership.size();
    }

    @Override
    public <T> RemoteObject<T> push(T object, Mutability mutability) {
        checkOpen();
        Objects.requireNonNull(object, "push: object must not be null");
        Objects.requireNonNull(mutability, "push: mutability must not be null (READ_ONLY or STATEFUL)");
        return whileOpen(() -> {
            RemoteObject<T> shared = registry.share(object);
            if (shared != null) {
                sharedPushes.incrementAndGet();
                return shared;
            }
            membership.liveOrFail("push");
            byte[] bytes = encode(object);
            Mutability declared = object instanceof Immutable ? Mutability.READ_ONLY : mutability;
            return store(slot -> bytes, null, object, declared, HandleRegistry.describe(object));
        });
    }

    @Override
    public <T> RemoteObject<List<T>> scatterList(List<? extends T> items, Mutability mutability) {
        checkOpen();
        Objects.requireNonNull(items, "scatterList: items must not be null");
        Objects.requireNonNull(mutability, "scatterList: mutability must not be null (READ_ONLY or STATEFUL)");
        return whileOpen(() -> scatter(items.size(), "scatterList", mutability,
                (from, to) -> encode(new ArrayList<T>(items.subList(from, to)))));
    }

    @Override
    public RemoteObject<double[][]> scatterArray(double[][] rows, Mutability mutability) {
        checkOpen();
        Objects.requireNonNull(rows, "scatterArray: rows must not be null");
        Objects.requireNonNull(mutability, "scatterArray: mutability must not be null (READ_ONLY or STATEFUL)");
        return whileOpen(() -> scatter(rows.length, "scatterArray", mutability,
                (from, to) -> encode(Arrays.copyOfRange(rows, from, to))));
    }

    /** Encodes one block per live slot (and an empty block for any other slot), and stores them. */
    private <T> RemoteObject<T> scatter(int n, String what, Mutability mutability, BlockEncoder encoder) {
        int[] slots = membership.liveOrFail(what);
        int[] bounds = Scatter.bounds(n, slots.length);
        byte[][] bySlot = new byte[membership.slotCount()][];
        int[] blocks = new int[bySlot.length];
        Arrays.fill(blocks, -1);
        byte[] empty = encoder.encode(0, 0);
        Arrays.fill(bySlot, empty);
        for (int k = 0; k < slots.length; k++) {
            bySlot[slots[k]] = encoder.encode(bounds[k], bounds[k + 1]);
            blocks[slots[k]] = k;
        }
        return store(slot -> bySlot[slot], blocks, null, mutability, what);
    }

    @FunctionalInterface
    private interface BlockEncoder {
        byte[] encode(int from, int to);
    }

    /**
     * Stores an object on every live worker and returns its handle. The entry is reserved first, with the
     * workers that will hold it, so that a worker lost or joining meanwhile is accounted for; it becomes
     * shareable only once stored. A push ({@code blocks == null}) sends the same bytes to every worker; a scatter
     * sends each slot its own block.
     */
    private <T> RemoteObject<T> store(IntFunction<byte[]> bytesFor, int[] blocks, Object original,
                                      Mutability mutability, String what) {
        long objectId = registry.newObjectId();
        int[] noBlocks = new int[membership.slotCount()];
        Arrays.fill(noBlocks, -1);
        HandleRegistry.Entry[] entry = new HandleRegistry.Entry[1];
        int[] slots = membership.withLive((live, generations) -> {
            entry[0] = registry.reserve(objectId, bytesFor, mutability, what, live, generations,
                    blocks == null ? noBlocks : blocks);
            return live;
        });
        try {
            sendStores(what, entry[0], slots);
        } catch (RuntimeException e) {
            registry.abandon(entry[0]);
            freeEverywhere(objectId);
            throw e;
        }
        objectsSent.incrementAndGet();
        return registry.publish(entry[0], original);
    }

    /** Stores an entry's original on the given slots and waits for them; a worker lost meanwhile is left out. */
    private void sendStores(String what, HandleRegistry.Entry entry, int[] slots) {
        try {
            fanOut.call(what, slots, FanOut.indices(slots.length), true, (callId, targets) -> {
                Command[] stores = new Command[targets.length];
                for (int k = 0; k < targets.length; k++) {
                    stores[k] = new Command.Store(callId, entry.id(), entry.original(targets[k]));
                }
                channel.scatter(targets, stores);
            });
        } catch (WorkerException we) {
            throw new PoolException(what + " failed: worker " + we.worker() + " could not store it: "
                    + we.getCause().getMessage(), we);
        }
    }

    @Override
    public void restore(RemoteObject<?> handle) {
        checkOpen();
        Objects.requireNonNull(handle, "restore: handle must not be null");
        HandleRegistry.Entry entry = registry.entryOf(handle);
        whileOpen(() -> {
            int[] slots = membership.withLive((live, generations) -> {
                registry.restoring(entry, live, generations);
                return live;
            });
            if (slots.length == 0) {
                membership.liveOrFail("restore");
            }
            sendStores("restore of " + handle, entry, slots);
            return null;
        });
    }

    @Override
    public <R> List<R> apply(WorkerFunction<? extends R> function) {
        checkOpen();
        Objects.requireNonNull(function, "apply: function must not be null");
        HandleRegistry.Encoded encoded = registry.encodeUsing(codec, function);
        return whileOpen(() -> {
            return broadcast("apply", targets("apply", encoded), callId -> new Command.Run(callId, encoded.bytes()),
                    false);
        }, "apply", encoded);
    }

    @Override
    public <R> R applyOnly(int worker, WorkerFunction<? extends R> function) {
        checkOpen();
        int[] slots = membership.live();
        if (worker < 0 || worker >= slots.length) {
            throw new IllegalArgumentException("applyOnly: worker " + worker + " is out of range; this pool has"
                    + " workers 0.." + (slots.length - 1));
        }
        Objects.requireNonNull(function, "applyOnly: function must not be null");
        String what = "applyOnly(" + worker + ")";
        HandleRegistry.Encoded encoded = registry.encodeUsing(codec, function);
        return whileOpen(() -> {
            targets(what, encoded);
            List<R> result = fanOut.call(what, new int[] {slots[worker]}, new int[] {worker}, false,
                    (callId, targets) -> channel.send(targets[0], new Command.Run(callId, encoded.bytes())));
            return result.get(0);
        }, what, encoded);
    }

    /** The same command to every given slot, encoded once and sent with the link's broadcast. */
    private <R> List<R> broadcast(String what, int[] slots, LongFunction<Command> command, boolean skipLost) {
        return fanOut.call(what, slots, FanOut.indices(slots.length), skipLost,
                (callId, targets) -> channel.broadcast(targets, command.apply(callId)));
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
        HandleRegistry.Encoded encoded = registry.encodeUsing(codec, function);
        whileOpen(() -> {
            Calls.Call call = calls.open();
            try {
                @SuppressWarnings("unchecked")
                ResultSink<Object> objectSink = (ResultSink<Object>) sink;
                new MapRun(this, membership, call, encoded.bytes(), items, objectSink,
                        () -> registry.checkUsable("map", encoded.uses())).run();
            } finally {
                calls.close(call);
            }
            return null;
        }, "map", encoded);
    }

    /**
     * The live slots a call goes to, taken while membership cannot change together with the check that the objects
     * it uses are whole: a loss is marked on the objects before the pool shrinks, so a call either sees the damage
     * here or targets the lost worker and hears of its loss.
     */
    private int[] targets(String what, HandleRegistry.Encoded encoded) {
        int[] slots = membership.withLive((live, generations) -> {
            registry.checkUsable(what, encoded.uses());
            return live;
        });
        return slots.length == 0 ? membership.liveOrFail(what) : slots;
    }

    /**
     * Runs a call, turning whatever it throws because the pool was closed meanwhile into "pool is closed", and a
     * loss into a message that also names the objects whose state it took.
     */
    private <T> T whileOpen(Supplier<T> call, String what, HandleRegistry.Encoded encoded) {
        try {
            return whileOpen(call);
        } catch (WorkerLostException e) {
            try {
                registry.checkUsable(what, encoded.uses());
            } catch (WorkerLostException damaged) {
                damaged.addSuppressed(e);
                throw damaged;
            }
            throw e;
        }
    }

    private <T> T whileOpen(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (closed.get() && !(e instanceof IllegalStateException ise && ise.getMessage() != null
                    && ise.getMessage().startsWith("pool is closed"))) {
                IllegalStateException closing = new IllegalStateException("pool is closed (closed by another"
                        + " thread during the call)");
                closing.addSuppressed(e);
                throw closing;
            }
            throw e;
        }
    }

    /** Serializes a function or value as it will travel, checking the handles it carries. */
    private byte[] encode(Object value) {
        return registry.encode(codec, value);
    }

    /** Sends a command to a slot, or fails with a {@link WorkerLostException} when its worker is gone. */
    void send(int slot, Command command) {
        String lostReason = membership.lostReason(slot);
        if (lostReason != null) {
            throw new WorkerLostException(slot, "worker in slot " + slot + " of " + poolId + " was lost: "
                    + lostReason);
        }
        channel.send(slot, command);
    }

    /** Whether the link replaces lost workers, so that a map without workers waits for one. */
    boolean linkReplaces() {
        return link.replaces();
    }

    /** The link, for a backend's own hooks (the loopback pool's kill). */
    Link<?> link() {
        return link;
    }

    /** The slot of a worker index, or an {@link IllegalArgumentException} naming the range. */
    int slotOf(int worker, String what) {
        int[] slots = membership.live();
        if (worker < 0 || worker >= slots.length) {
            throw new IllegalArgumentException(what + ": worker " + worker + " is out of range; this pool has"
                    + " workers 0.." + (slots.length - 1));
        }
        return slots[worker];
    }

    void countBatch(int items) {
        mapBatches.incrementAndGet();
        mapItems.addAndGet(items);
    }

    RuntimeSettings settings() {
        return settings;
    }

    boolean isClosed() {
        return closed.get();
    }

    private void freeEverywhere(long objectId) {
        if (closed.get()) {
            return;
        }
        // under the membership's lock: a replacement being given this object gets the free after it
        for (int slot : membership.liveDuring(() -> { })) {
            try {
                send(slot, new Command.Free(objectId));
            } catch (RuntimeException e) {
                // the worker is gone, and its copy with it
            }
        }
    }

    @Override
    public PoolStats stats() {
        return new PoolStats(objectsSent.get(), sharedPushes.get(), mapItems.get(), mapBatches.get(),
                channel.commands());
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
        link.close();
    }

    @Override
    public String toString() {
        return poolId + (closed.get() ? " (closed)" : " with " + membership.size() + " workers");
    }
}
