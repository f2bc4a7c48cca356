package org.poolkit.runtime;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker's copies of pushed and scattered objects, by object id.
 *
 * <p>The reference counting of handles is done once, on the caller ({@link HandleRegistry}); a worker stores what
 * it is told to store and frees what it is told to free. A JVM-wide count of stored objects ({@link #LIVE_IN_JVM},
 * package-private) is the seam through which pool-testkit's leak check sees that closed pools leave nothing behind.
 *
 * <p>Thread-safe.
 *
 */
final class ObjectStore {

    static final AtomicInteger LIVE_IN_JVM = new AtomicInteger();

    private final ConcurrentHashMap<Long, Object> objects = new ConcurrentHashMap<>();

    /**
     * Stores a copy, replacing any under the same id.
     *
     * @param objectId the id
     * @param value    the copy, possibly {@code null}
     */
    void put(long objectId, Object value) {
        if (objects.put(objectId, value == null ? NullValue.NULL : value) == null) {
            LIVE_IN_JVM.incrementAndGet();
        }
    }

    /**
     * Returns a copy.
     *
     * @param objectId the id
     * @return the copy ({@code null} if {@code null} was stored)
     * @throws java.util.NoSuchElementException if nothing is stored under the id
     */
    Object get(long objectId) {
        Object value = objects.get(objectId);
        if (value == null) {
            throw new java.util.NoSuchElementException("no object " + objectId);
        }
        return value == NullValue.NULL ? null : value;
    }

    /**
     * Tells whether an id is stored.
     *
     * @param objectId the id
     * @return whether a copy is held
     */
    boolean contains(long objectId) {
        return objects.containsKey(objectId);
    }

    /**
     * Frees a copy; freeing an unknown id does nothing.
     *
     * @param objectId the id
     */
    void remove(long objectId) {
        if (objects.remove(objectId) != null) {
            LIVE_IN_JVM.decrementAndGet();
        }
    }

    /**
     * Returns the number of copies held.
     *
     * @return the count
     */
    int size() {
        return objects.size();
    }

    /** Frees every copy. */
    void clear() {
        for (Long id : objects.keySet()) {
            remove(id);
        }
    }

    private enum NullValue { NULL }
}
