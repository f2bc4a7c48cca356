package org.poolkit.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;

import org.poolkit.api.Immutable;
import org.poolkit.api.Mutability;
import org.poolkit.api.RemoteObject;
import org.poolkit.api.WorkerLostException;

/**
 * The caller's side of remote objects: ids, reference counts, the sharing of equal {@link Immutable} objects, and
 * which worker holds which copy, so that a lost copy is never silently replaced.
 *
 * <p>Each pushed or scattered object has one entry with a count of its live handles. A push of an {@code Immutable}
 * equal to the key of a live entry adds a handle to that entry instead of sending it again. When the last handle of
 * an entry is removed, the entry leaves the sharing table under the very key it was stored with, and the free
 * action tells the workers to drop their copies.
 *
 * <p><b>Holders.</b> An entry knows, for each slot, the generation of the worker that holds its copy (or block).
 * When that worker is lost ({@link #lost}), a {@link Mutability#READ_ONLY} copy is given to the slot's replacement
 * again ({@link #joined}), and until then a read-only scatter misses that block; a {@link Mutability#STATEFUL}
 * entry is <em>damaged</em> for good: its state is gone, and every call that uses it fails ({@link #checkUsable})
 * until the caller restores it. A replacement never receives a stateful copy, so a stateful entry is damaged
 * also when a worker that never held it joins.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class HandleRegistry {

    /** In {@link Entry#holders}: no worker of this slot holds a copy. */
    private static final int NONE = -1;

    private final String poolId;
    private final LongConsumer freeAction;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Object, Entry> shared = new HashMap<>();
    private final Map<Long, Entry> live = new HashMap<>();
    private volatile boolean closed;

    /**
     * Creates a registry.
     *
     * @param poolId     the id of the owning pool, carried by every handle
     * @param freeAction called with an object id when its last handle is removed (not after close)
     */
    public HandleRegistry(String poolId, LongConsumer freeAction) {
        this.poolId = poolId;
        this.freeAction = freeAction;
    }

    /**
     * Returns the owning pool's id.
     *
     * @return the pool id
     */
    public String poolId() {
        return poolId;
    }

    /**
     * Returns a new handle to the live remote copy of an equal {@link Immutable}, if there is one.
     *
     * @param object the object about to be pushed
     * @param <T>    its type
     * @return a new handle sharing the existing copy, or {@code null} when the object must be sent
     */
    public synchronized <T> RemoteObject<T> share(T object) {
        if (!(object instanceof Immutable) || closed) {
            return null;
        }
        Entry entry = shared.get(object);
        if (entry == null || entry.damage != null) {
            return null;
        }
        entry.handles++;
        return new RemoteHandle<>(poolId, entry.id, entry);
    }

    /**
     * Reserves an id for an object about to be sent.
     *
     * @return a fresh object id
     */
    public long newObjectId() {
        return ids.incrementAndGet();
    }

    /**
     * Registers an object that the one worker of an in-process pool now holds (slot 0, generation 0), and returns
     * its first handle.
     *
     * @param objectId   the id it was stored under
     * @param object     the pushed object, or {@code null} for a scatter: an {@link Immutable} becomes shareable
     * @param mutability the declared mutability ({@link Mutability#READ_ONLY} for an {@code Immutable})
     * @param original   the encoded caller's copy by slot, for {@link Entry#original}
     * @param <T>        its type
     * @return the handle
     */
    public <T> RemoteObject<T> register(long objectId, Object object, Mutability mutability,
                                        IntFunction<byte[]> original) {
        Entry entry = reserve(objectId, original, object instanceof Immutable ? Mutability.READ_ONLY : mutability,
                object == null ? "scatter" : describe(object),
                new int[] {0}, new int[] {0}, new int[] {object == null ? 0 : NONE});
        return publish(entry, object);
    }

    /**
     * Describes a pushed object for messages.
     *
     * @param object the object
     * @return e.g. {@code "push of org.example.State"}
     */
    static String describe(Object object) {
        return "push of " + object.getClass().getName();
    }

    /**
     * Reserves an entry for an object about to be sent to the given slots. It counts as live (so that a worker
     * that joins meanwhile gets it, or damages it) but is not shared until {@link #publish}. Call it while
     * membership cannot change.
     *
     * @param objectId    the id it will be sent under
     * @param original    the caller's copy, encoded, for a given slot
     * @param mutability  the declared mutability
     * @param what        what it is, for messages (e.g. {@code "push of org.example.State"}, {@code "scatterList"})
     * @param slots       the live slots it is sent to
     * @param generations the generation of each of those slots
     * @param blocks      for a scatter, the block number of each slot ({@code -1} where a slot gets an empty
     *                    block); for a push, {@code -1} for every slot
     * @return the entry
     */
    synchronized Entry reserve(long objectId, IntFunction<byte[]> original, Mutability mutability, String what,
                               int[] slots, int[] generations, int[] blocks) {
        Entry entry = new Entry(objectId, original, mutability, what);
        entry.hold(slots, generations, blocks);
        live.put(objectId, entry);
        return entry;
    }

    /**
     * Makes a reserved entry usable once every worker stored it, and returns its first handle.
     *
     * @param entry  the reserved entry
     * @param object the pushed object: an {@link Immutable} becomes shareable
     * @param <T>    its type
     * @return the handle
     */
    public synchronized <T> RemoteObject<T> publish(Entry entry, Object object) {
        if (object instanceof Immutable && entry.damage == null) {
            entry.key = object;
            shared.putIfAbsent(object, entry);
        }
        return new RemoteHandle<>(poolId, entry.id, entry);
    }

    /**
     * Drops a reserved entry whose store failed; the caller frees what was stored.
     *
     * @param entry the entry
     */
    public synchronized void abandon(Entry entry) {
        live.remove(entry.id);
    }

    /**
     * Returns the entry of a live handle of this pool.
     *
     * @param handle the handle
     * @return its entry
     * @throws IllegalArgumentException if it belongs to another pool
     * @throws IllegalStateException    if it was removed
     */
    public Entry entryOf(RemoteObject<?> handle) {
        if (!(handle instanceof RemoteHandle<?> h) || !h.poolId().equals(poolId)) {
            throw new IllegalArgumentException(handle + " belongs to another pool; this pool is " + poolId
                    + " and accepts only its own handles");
        }
        check(List.of(h));
        synchronized (this) {
            return live.get(h.objectId());
        }
    }

    /**
     * The worker of a slot was lost: every entry it held a copy of loses that copy. A read-only push has copies
     * elsewhere and the caller's; a read-only scatter misses the block until a replacement gets it again; a
     * stateful entry is damaged. Called while membership cannot change, before the pool shrinks.
     *
     * @param slot        the slot
     * @param generation  the lost worker's generation
     * @param workerIndex its worker index when it was lost
     * @param reason      why it was lost
     */
    synchronized void lost(int slot, int generation, int workerIndex, String reason) {
        for (Entry entry : live.values()) {
            if (entry.holders.length <= slot || entry.holders[slot] != generation) {
                continue;
            }
            entry.holders[slot] = NONE;
            String where = "worker " + workerIndex + " (slot " + slot + "), lost: " + reason;
            if (entry.mutability == Mutability.STATEFUL) {
                entry.damage(workerIndex, entry.blocks[slot] >= 0
                        ? "block " + entry.blocks[slot] + " of " + entry.blockCount + " was on " + where
                        : "its copy on " + where + (entry.blockCount > 0 ? " (an empty block)" : ""));
            } else if (entry.blocks[slot] >= 0) {
                entry.missing.put(slot, new Missing(workerIndex, "block " + entry.blocks[slot] + " of "
                        + entry.blockCount + " was on " + where + "; a replacement of that worker is given it again"
                        + " (read-only), and until one joins, calls that use it fail"));
            }
        }
    }

    /**
     * A new worker took a slot: returns the read-only entries to store on it again (their holders now include it),
     * and damages the stateful entries, which it never holds. Called while membership cannot change.
     *
     * @param slot        the slot
     * @param generation  the new worker's generation
     * @param workerIndex its worker index
     * @return the entries to store on it, in id order
     */
    synchronized List<Entry> joined(int slot, int generation, int workerIndex) {
        List<Entry> reload = new ArrayList<>();
        for (Entry entry : live.values()) {
            if (entry.holders.length <= slot) {
                continue;
            }
            if (entry.mutability == Mutability.READ_ONLY) {
                entry.holders[slot] = generation;
                entry.missing.remove(slot);
                reload.add(entry);
            } else {
                entry.damage(workerIndex, "worker " + workerIndex + " (slot " + slot + ") replaced a lost worker"
                        + " after the " + entry.what + " and holds no copy: a replacement is never given a stateful"
                        + " object");
            }
        }
        reload.sort((a, b) -> Long.compare(a.id, b.id));
        return reload;
    }

    /**
     * Prepares the restore of an entry: every live slot will hold the caller's original again, and the entry is
     * usable again. Called while membership cannot change; the caller then sends the stores.
     *
     * @param entry       the entry
     * @param slots       the live slots
     * @param generations their generations
     * @throws WorkerLostException if a block of a scatter has no live slot to go to
     */
    synchronized void restoring(Entry entry, int[] slots, int[] generations) {
        int[] blocks = new int[entry.blocks.length];
        Arrays.fill(blocks, NONE);
        for (int s = 0; s < entry.blocks.length; s++) {
            if (entry.blocks[s] >= 0 && Membership.indexOf(slots, s) < 0) {
                throw new WorkerLostException(-1, "restore: " + entry.describe() + " cannot be restored: block "
                        + entry.blocks[s] + " of " + entry.blockCount + " belonged to slot " + s + ", which has no"
                        + " worker now (the pool has " + slots.length + " of " + entry.blocks.length + " workers);"
                        + " scatter the items again over the pool as it is now");
            }
            blocks[s] = entry.blocks[s];
        }
        entry.hold(slots, generations, blocks);
        entry.damage = null;
        entry.missing.clear();
    }

    /**
     * Checks that every entry a call uses still has all its copies: no lost state, no missing block.
     *
     * @param what    the call, for the message (e.g. {@code "apply"})
     * @param entries the entries the call's function carries
     * @throws WorkerLostException naming the handle, the worker and what was lost
     */
    void checkUsable(String what, Collection<Entry> entries) {
        for (Entry entry : entries) {
            String problem;
            int worker;
            synchronized (this) {
                if (entry.damage != null) {
                    problem = entry.damage;
                    worker = entry.damagedWorker;
                } else if (!entry.missing.isEmpty()) {
                    Missing first = entry.missing.values().iterator().next();
                    problem = first.what();
                    worker = first.worker();
                } else {
                    continue;
                }
            }
            throw new WorkerLostException(worker, what + ": " + entry.describe() + " cannot be used: " + problem
                    + (entry.damage != null ? ". Its state is gone; restore it with pool.restore(handle) (every"
                    + " worker gets the caller's original again) or push or scatter it again" : ""));
        }
    }

    void release(Entry entry) {
        synchronized (this) {
            if (closed || --entry.handles > 0) {
                return;
            }
            live.remove(entry.id);
            if (entry.key != null && shared.get(entry.key) == entry) {
                shared.remove(entry.key);
                // an equal object pushed concurrently may still be live: share that one from now on
                for (Entry other : live.values()) {
                    if (other.key != null && other.key.equals(entry.key) && other.damage == null) {
                        shared.put(other.key, other);
                        break;
                    }
                }
            }
        }
        freeAction.accept(entry.id);
    }

    /**
     * Serializes a function or value as it will travel and checks the handles it carries, before anything is sent.
     *
     * @param codec the codec
     * @param value the function or value
     * @return its bytes
     * @throws org.poolkit.api.PoolException naming a class that cannot be serialized
     * @throws IllegalArgumentException      if it carries a handle of another pool
     * @throws IllegalStateException         if it carries a removed handle
     */
    public byte[] encode(Codec codec, Object value) {
        return encodeUsing(codec, value).bytes();
    }

    /** A function as it travels, with the entries of the handles it carries. */
    record Encoded(byte[] bytes, List<Entry> uses) {
    }

    /**
     * Serializes a function, checks the handles it carries, and returns them with its bytes.
     *
     * @param codec the codec
     * @param value the function
     * @return its bytes and the entries it uses
     */
    Encoded encodeUsing(Codec codec, Object value) {
        List<RemoteHandle<?>> handles = new ArrayList<>();
        byte[] bytes = codec.encode(value, handles);
        check(handles);
        List<Entry> uses = new ArrayList<>(handles.size());
        synchronized (this) {
            for (RemoteHandle<?> handle : handles) {
                Entry entry = live.get(handle.objectId());
                if (entry != null && !uses.contains(entry)) {
                    uses.add(entry);
                }
            }
        }
        return new Encoded(bytes, uses);
    }

    /**
     * Checks the handles a function carries before it is sent.
     *
     * @param handles the handles found while serializing it
     * @throws IllegalArgumentException if a handle belongs to another pool
     * @throws IllegalStateException    if a handle was removed
     */
    public void check(Collection<RemoteHandle<?>> handles) {
        for (RemoteHandle<?> handle : handles) {
            if (!handle.poolId().equals(poolId)) {
                throw new IllegalArgumentException(handle + " belongs to another pool (" + handle.poolId()
                        + "); this pool is " + poolId + " and accepts only its own handles");
            }
            boolean gone;
            synchronized (this) {
                gone = handle.isRemoved() || !live.containsKey(handle.objectId());
            }
            if (gone) {
                throw new IllegalStateException(handle + " was removed; push the object again to use it");
            }
        }
    }

    /** Marks every handle removed without sending frees: the workers are going away. Idempotent. */
    public synchronized void close() {
        closed = true;
        live.clear();
        shared.clear();
    }

    boolean isClosed() {
        return closed;
    }

    /** A block of a read-only scatter whose holder was lost: the worker index it had, and the message. */
    private record Missing(int worker, String what) {
    }

    /**
     * One remote object: its id, its mutability, the caller's original, which worker holds which copy, what was
     * lost, its sharing key, and its count of live handles.
     */
    public final class Entry {
        final long id;
        final IntFunction<byte[]> original;
        final Mutability mutability;
        final String what;
        /** Per slot: the generation of the worker that holds a copy, or {@link #NONE}. */
        int[] holders = new int[0];
        /** Per slot: the block of a scatter it holds, or -1 (a push, or an empty block). */
        int[] blocks = new int[0];
        int blockCount;
        String damage;
        int damagedWorker = -1;
        final Map<Integer, Missing> missing = new HashMap<>();
        Object key;
        int handles = 1;

        Entry(long id, IntFunction<byte[]> original, Mutability mutability, String what) {
            this.id = id;
            this.original = original;
            this.mutability = mutability;
            this.what = what;
        }

        private void hold(int[] slots, int[] generations, int[] slotBlocks) {
            int slotCount = slotBlocks.length;
            holders = new int[slotCount];
            Arrays.fill(holders, NONE);
            for (int k = 0; k < slots.length; k++) {
                holders[slots[k]] = generations[k];
            }
            blocks = slotBlocks.clone();
            blockCount = 0;
            for (int b : blocks) {
                blockCount = Math.max(blockCount, b + 1);
            }
        }

        private void damage(int worker, String what) {
            if (damage == null) {
                damage = what;
                damagedWorker = worker;
            }
        }

        /**
         * Returns the object's id.
         *
         * @return the id
         */
        public long id() {
            return id;
        }

        /**
         * Returns the caller's original, encoded, as stored on a slot: the pushed object, or the slot's block.
         *
         * @param slot the slot
         * @return the bytes
         */
        public byte[] original(int slot) {
            return original.apply(slot);
        }

        /**
         * Returns the declared mutability.
         *
         * @return the mutability
         */
        public Mutability mutability() {
            return mutability;
        }

        String describe() {
            return "RemoteObject#" + id + "@" + poolId + " (" + mutability.name().toLowerCase().replace('_', '-')
                    + " " + what + ")";
        }

        HandleRegistry registry() {
            return HandleRegistry.this;
        }
    }
}
