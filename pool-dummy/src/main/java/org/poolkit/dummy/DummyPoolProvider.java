package org.poolkit.dummy;

import java.util.Map;

import com.typesafe.config.Config;
import org.poolkit.api.WorkerPool;
import org.poolkit.spi.PoolSpec;
import org.poolkit.spi.WorkerPoolProvider;

/**
 * The {@code dummy} pool: one worker, every function on the caller's thread. Spec keys: {@code seed}.
 *
 * @since 0.1
 */
public final class DummyPoolProvider implements WorkerPoolProvider {

    /** The pool name. */
    public static final String ID = "dummy";

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public DummyPoolProvider() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Map<String, String> keys() {
        return Map.of("seed", "an integer (64-bit): the pool seed of WorkerContext.random()");
    }

    @Override
    public WorkerPool create(PoolSpec spec, Config config) {
        return new DummyPool(spec.longValue("seed").orElse(config.getLong("poolkit.seed")));
    }

    @Override
    public int defaultPriority() {
        return 10;
    }
}
