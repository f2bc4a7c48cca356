package org.poolkit.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;

import org.poolkit.api.Immutable;
import org.poolkit.api.RemoteObject;

/**
 * The caller's side of remote objects: ids, reference counts and the sharing of equal {@link Immutable} objects.
 *
 * <p>Each pushed object has one entry with a count of its live handles. A push of an {@code Immutable} equal to
 * the key of a live entry adds a handle to that entry instead of sending it again. When the last handle of an
 * entry is removed, the entry leaves the sharing table under the very key it was stored with, and the free
 * action tells the workers to drop their copies.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class HandleRegistry {

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
        if (entry == null) {
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
     * Registers an object that the workers now hold and returns its first handle.
     *
     * @param objectId the id it was sent under
     * @param object   the pushed object: an {@link Immutable} becomes shareable, anything else is not kept
     * @param <T>      its type
     * @return the handle
     */
    public <T> RemoteObject<T> register(long objectId, Object object) {
        return publish(reserve(objectId, null), object);
    }

    /**
     * Reserves an entry for an object about to be sent. It counts as live (so a worker that joins meanwhile gets
     * it through {@code reload}) but is not shared until {@link #publish}.
     *
     * @param objectId the id it will be sent under
     * @param reload   the bytes to store on a given worker slot again (after a replacement), or {@code null}
     * @return the entry
     */
    public synchronized Entry reserve(long objectId, IntFunction<byte[]> reload) {
        Entry entry = new Entry(objectId, reload);
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
        if (object instanceof Immutable) {
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
     * Calls {@code action} with the id and reload function of every live object that has one, in id order.
     *
     * @param action receives {@code (objectId, reload)}
     */
    public void forEachReloadable(BiConsumer<Long, IntFunction<byte[]>> action) {
        List<Entry> entries;
        synchronized (this) {
            entries = new ArrayList<>(live.values());
        }
        entries.sort((a, b) -> Long.compare(a.id, b.id));
        for (Entry entry : entries) {
            if (entry.reload != null) {
                action.accept(entry.id, entry.reload);
            }
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
                    if (other.key != null && other.key.equals(entry.key)) {
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
        List<RemoteHandle<?>> handles = new ArrayList<>();
        byte[] bytes = codec.encode(value, handles);
        check(handles);
        return bytes;
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

    /** One remote object: its id, its sharing key, how to store it again, and its count of live handles. */
    public final class Entry {
        final long id;
        final IntFunction<byte[]> reload;
        Object key;
        int handles = 1;

        Entry(long id, IntFunction<byte[]> reload) {
            this.id = id;
            this.reload = reload;
        }

        HandleRegistry registry() {
            return HandleRegistry.this;
        }
    }
}
