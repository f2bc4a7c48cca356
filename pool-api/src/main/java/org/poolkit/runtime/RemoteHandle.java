package org.poolkit.runtime;

import org.poolkit.api.Mutability;
import org.poolkit.api.RemoteObject;

/**
 * The one implementation of {@link RemoteObject}: a pool id and an object id. Only these two travel; on the caller
 * the handle is also bound to the {@link HandleRegistry} that counts its references.
 *
 * @param <T> the type of the remote object
 * @since 0.1
 */
final class RemoteHandle<T> implements RemoteObject<T> {

    private static final long serialVersionUID = 1L;

    /** The owning pool's id. */
    private final String poolId;
    /** The object's id in that pool. */
    private final long objectId;
    private final transient HandleRegistry.Entry entry;
    private transient volatile boolean removed;

    /**
     * Creates an unbound handle, as read on a worker.
     *
     * @param poolId   the id of the pool that owns the object
     * @param objectId the object's id in that pool
     */
    RemoteHandle(String poolId, long objectId) {
        this(poolId, objectId, null);
    }

    RemoteHandle(String poolId, long objectId, HandleRegistry.Entry entry) {
        this.poolId = poolId;
        this.objectId = objectId;
        this.entry = entry;
    }

    /**
     * Returns the id of the pool that owns the object.
     *
     * @return the pool id
     */
    public String poolId() {
        return poolId;
    }

    /**
     * Returns the object's id, unique within its pool.
     *
     * @return the object id
     */
    public long objectId() {
        return objectId;
    }

    HandleRegistry.Entry entry() {
        return entry;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get() {
        return (T) WorkerRuntime.current(this).lookup(this);
    }

    @Override
    public Mutability mutability() {
        if (entry == null) {
            throw new IllegalStateException(this + ": mutability() is known only on the caller that pushed it");
        }
        return entry.mutability();
    }

    @Override
    public boolean isRemoved() {
        return removed || (entry != null && entry.registry().isClosed());
    }

    @Override
    public void remove() {
        if (entry == null) {
            throw new IllegalStateException(this + " was not created by this process's pool; only the caller that"
                    + " pushed it can remove it");
        }
        synchronized (this) {
            if (removed) {
                return;
            }
            removed = true;
        }
        entry.registry().release(entry);
    }

    @Override
    public String toString() {
        return "RemoteObject#" + objectId + "@" + poolId;
    }
}
