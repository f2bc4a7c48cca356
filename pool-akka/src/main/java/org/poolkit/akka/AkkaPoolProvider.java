package org.poolkit.akka;

import java.util.Map;

import com.typesafe.config.Config;
import org.poolkit.api.WorkerPool;
import org.poolkit.runtime.RuntimePool;
import org.poolkit.runtime.RuntimeSettings;
import org.poolkit.spi.PoolSpec;
import org.poolkit.spi.WorkerPoolProvider;

/**
 * The {@code akka} pool: {@code akka:workers=N} worker actors in this JVM (default: one per available processor),
 * each on its own thread, passed the runtime's objects as they are. The default pool when {@code pool-akka} is on the
 * class path.
 *
 * @since 0.1
 */
public final class AkkaPoolProvider implements WorkerPoolProvider {

    /** The pool name. */
    public static final String ID = "akka";

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public AkkaPoolProvider() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Map<String, String> keys() {
        return RuntimeSettings.specKeysWith(
                Map.of("workers", "an integer from 1 to 4096: worker actors (default: one per processor)"));
    }

    @Override
    public WorkerPool create(PoolSpec spec, Config config) {
        int configured = config.getInt("poolkit.akka.workers");
        int workers = spec.intValue("workers", 1, 4096)
                .orElse(configured > 0 ? configured : Runtime.getRuntime().availableProcessors());
        RuntimeSettings settings = RuntimeSettings.from(spec, config).trustingAllClasses();
        return RuntimePool.overObjects(ID, new LocalLink(workers, config), settings);
    }

    @Override
    public int defaultPriority() {
        return 100;
    }
}
