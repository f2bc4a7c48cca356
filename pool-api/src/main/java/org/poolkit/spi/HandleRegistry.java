package org.poolkit.spi;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
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
    public synchronized <T> RemoteObject<T> register(long objectId, Object object) {
        Object key = object instanceof Immutable ? object : null;
        Entry entry = new Entry(objectId, key);
        live.put(objectId, entry);
        if (key != null) {
            shared.putIfAbsent(key, entry);
        }
        return new RemoteHandle<>(poolId, objectId, entry);
    }

    void release(Entry entry) {
        synchronized (this) {
            if (closed || --entry.handles > 0) {
                return;
            }
            live.remove(entry.id);
            if (entry.key != null && shared.get(entry.key) == entry) {
                shared.remove(entry.key);
            }
        }
        freeAction.accept(entry.id);
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

    /**
     * Returns the number of objects the workers hold for this registry.
     *
     * @return live entries
     */
    public synchronized int liveObjects() {
        return live.size();
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

    /** One remote object: its id, its sharing key and its count of live handles. */
    final class Entry {
        final long id;
        final Object key;
        int handles = 1;

        Entry(long id, Object key) {
            this.id = id;
            this.key = key;
        }

        HandleRegistry registry() {
            return HandleRegistry.this;
        }
    }
}
