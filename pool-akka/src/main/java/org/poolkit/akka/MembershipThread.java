package org.poolkit.akka;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The one thread from which a link reports losses and joins, in the order they happened ({@code Link}'s contract),
 * without holding up the actors that deliver messages meanwhile. A daemon; the link shuts it down when it closes.
 */
final class MembershipThread {

    private MembershipThread() {
    }

    /**
     * Starts the membership thread of a pool.
     *
     * @param poolId the pool, for the thread's name
     * @return a single-thread executor
     */
    static ExecutorService start(String poolId) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "poolkit-" + poolId + "-membership");
            t.setDaemon(true);
            return t;
        });
    }
}
