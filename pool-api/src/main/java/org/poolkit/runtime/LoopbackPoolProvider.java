package org.poolkit.runtime;

import java.util.Map;

import com.typesafe.config.Config;
import org.poolkit.api.WorkerPool;
import org.poolkit.spi.PoolSpec;
import org.poolkit.spi.WorkerPoolProvider;

/**
 * The {@code loopback} pool: {@code loopback:workers=N} worker threads in this JVM that exchange every command and
 * reply as bytes through the codec, like a remote pool. Use it to check that functions and data travel before
 * moving to a cluster, and, with {@link #kill} and {@code replace=true}, how a program meets the loss of a worker.
 * Defaults: {@code poolkit.loopback.workers}, {@code poolkit.loopback.replace}.
 *
 * @since 0.1
 */
public final class LoopbackPoolProvider implements WorkerPoolProvider {

    /** The pool name. */
    public static final String ID = "loopback";

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public LoopbackPoolProvider() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Map<String, String> keys() {
        return RuntimeSettings.specKeysWith(Map.of("workers", "an integer from 1 to 1024: the number of worker threads",
                "replace", "true or false: start a fresh worker thread in the place of one that was lost"));
    }

    @Override
    public WorkerPool create(PoolSpec spec, Config config) {
        int workers = spec.intValue("workers", 1, 1024).orElse(config.getInt("poolkit.loopback.workers"));
        boolean replace = spec.booleanValue("replace").orElse(config.getBoolean("poolkit.loopback.replace"));
        return RuntimePool.overFrames(ID, new LoopbackLink(workers, replace), RuntimeSettings.from(spec, config));
    }

    /**
     * The loopback pool's kill hook, for tests and examples of worker loss: ends worker {@code worker} of a
     * {@code loopback} pool at once, as {@code kill -9} ends a worker process. Its objects are gone, a reply it was
     * about to send is dropped, and the pool hears of the loss as it would of a cluster worker's; with
     * {@code replace=true} a fresh worker (a new {@link org.poolkit.api.WorkerContext#incarnation()}) takes its
     * place, given the read-only objects again.
     *
     * @param pool   a pool created from a {@code loopback} spec
     * @param worker the worker index, {@code 0 <= worker < pool.size()}
     * @throws IllegalArgumentException if the pool is not a loopback pool or the index is out of range
     */
    public static void kill(WorkerPool pool, int worker) {
        if (!(pool instanceof RuntimePool runtime) || !(runtime.link() instanceof LoopbackLink link)) {
            throw new IllegalArgumentException("kill: " + pool + " is not a loopback pool; only loopback pools have"
                    + " a kill hook (kill a cluster or MPI worker's process instead)");
        }
        link.kill(runtime.slotOf(worker, "kill"));
    }

    @Override
    public int defaultPriority() {
        return -10;
    }
}
