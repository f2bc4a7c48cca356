package org.poolkit.runtime;

import java.util.Map;

import com.typesafe.config.Config;
import org.poolkit.api.WorkerPool;
import org.poolkit.spi.PoolSpec;
import org.poolkit.spi.WorkerPoolProvider;

/**
 * The {@code loopback} pool: {@code loopback:workers=N} worker threads in this JVM that exchange every command and
 * reply as bytes through the codec, like a remote pool. Use it to check that functions and data travel before
 * moving to a cluster. Defaults: {@code poolkit.loopback.workers}.
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
        return RuntimeSettings.specKeysWith(Map.of("workers", "an integer from 1 to 1024: the number of worker threads"));
    }

    @Override
    public WorkerPool create(PoolSpec spec, Config config) {
        int workers = spec.intValue("workers", 1, 1024).orElse(config.getInt("poolkit.loopback.workers"));
        return RuntimePool.overFrames(ID, new LoopbackLink(workers), RuntimeSettings.from(spec, config));
    }

    @Override
    public int defaultPriority() {
        return -10;
    }
}
