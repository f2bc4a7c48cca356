package org.poolkit.runtime;

/**
 * The test seam of the runtime's object stores: how many pushed or scattered copies the workers in this JVM still
 * hold. Lives in pool-testkit, in the runtime's package, so that main code carries no method only tests call.
 * Internal: for {@link org.poolkit.conformance.LeakCheck}.
 *
 * @since 0.2
 */
public final class StoredObjects {

    private StoredObjects() {
    }

    /**
     * Returns the number of copies held by all worker object stores of this JVM.
     *
     * @return objects stored and not yet freed
     */
    public static int inThisJvm() {
        return ObjectStore.LIVE_IN_JVM.get();
    }
}
