package org.poolkit.akka;

import java.util.Map;

import com.typesafe.config.Config;
import org.poolkit.api.WorkerPool;
import org.poolkit.runtime.RuntimePool;
import org.poolkit.runtime.RuntimeSettings;
import org.poolkit.spi.PoolSpec;
import org.poolkit.spi.WorkerPoolProvider;

/**
 * The {@code akka-cluster} pool: worker JVMs joined to the caller through Akka Cluster, with the runtime's frames
 * on the wire. {@code akka-cluster:workers=N} starts N worker JVMs on this machine;
 * {@code launch=false,host=H,port=P} waits for workers started elsewhere with {@link AkkaWorker}. Settings:
 * {@code poolkit.akka.cluster}.
 *
 * @since 0.1
 */
public final class AkkaClusterPoolProvider implements WorkerPoolProvider {

    /** The pool name. */
    public static final String ID = "akka-cluster";

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public AkkaClusterPoolProvider() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Map<String, String> keys() {
        return RuntimeSettings.specKeysWith(ClusterSettings.SPEC_KEYS);
    }

    @Override
    public WorkerPool create(PoolSpec spec, Config config) {
        ClusterSettings settings = ClusterSettings.from(spec, config);
        if (!settings.launch() && settings.port() == 0) {
            throw spec.badValue("port", "0", "a fixed port from 1 to 65535 when launch=false, so that workers can"
                    + " find the caller");
        }
        return RuntimePool.overFrames(ID, new ClusterLink(settings, config), RuntimeSettings.from(spec, config));
    }
}
