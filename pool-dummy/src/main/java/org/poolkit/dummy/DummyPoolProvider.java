package org.poolkit.dummy;

import java.util.Map;

import com.typesafe.config.Config;
import org.poolkit.api.WorkerPool;
import org.poolkit.runtime.RuntimeSettings;
import org.poolkit.spi.PoolSpec;
import org.poolkit.spi.WorkerPoolProvider;

/**
 * The {@code dummy} pool: one worker, a daemon thread of the pool, that runs every function one call at a time.
 * Spec keys: the runtime's ({@code seed}, {@code batch-size}, {@code max-pending}, {@code call-timeout}, and
 * {@code max-losses}, which has no effect: the one worker is never lost), read as {@link RuntimeSettings} reads
 * them.
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
        return RuntimeSettings.SPEC_KEYS;
    }

    @Override
    public WorkerPool create(PoolSpec spec, Config config) {
        return new DummyPool(RuntimeSettings.from(spec, config));
    }

    @Override
    public int defaultPriority() {
        return 10;
    }
}
