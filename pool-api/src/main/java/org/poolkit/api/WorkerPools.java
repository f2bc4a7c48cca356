package org.poolkit.api;

import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.poolkit.spi.PoolSpec;
import org.poolkit.spi.WorkerPoolProvider;

/**
 * Creates pools by name: {@code WorkerPools.create("loopback:workers=4")}, or from configuration with
 * {@link #fromConfig()}. The pools on the class path are found through {@link java.util.ServiceLoader}
 * ({@link WorkerPoolProvider}).
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class WorkerPools {

    /** The configuration key of the pool spec used by {@link #fromConfig()}. */
    public static final String POOL_KEY = "poolkit.pool";

    /** The environment variable that sets {@link #POOL_KEY} when no system property does. */
    public static final String POOL_ENV = "POOLKIT_POOL";

    private WorkerPools() {
    }

    /**
     * Creates a pool from a spec, {@code name[:key=value[,key=value]*]}; the name is case-insensitive.
     *
     * @param spec the spec, e.g. {@code "dummy"} or {@code "loopback:workers=4,seed=7"}
     * @return a started pool; close it when done
     * @throws NullPointerException     if {@code spec} is null
     * @throws IllegalArgumentException if the name is unknown (the message lists the available ones), a key is
     *                                  unknown (the message lists the valid ones) or a value is malformed
     */
    public static WorkerPool create(String spec) {
        return create(spec, ConfigFactory.load());
    }

    /**
     * Creates a pool from a spec with an explicit configuration.
     *
     * @param spec   the spec
     * @param config the configuration; {@code reference.conf} defaults must be part of it
     * @return a started pool
     */
    public static WorkerPool create(String spec, Config config) {
        PoolSpec parsed = PoolSpec.parse(spec);
        Objects.requireNonNull(config, "config must not be null");
        Map<String, WorkerPoolProvider> providers = providers();
        WorkerPoolProvider provider = providers.get(parsed.name());
        if (provider == null) {
            throw new IllegalArgumentException("unknown pool '" + parsed.name() + "'; available: "
                    + String.join(", ", providers.keySet()));
        }
        parsed.requireKnownKeys(provider.keys());
        return provider.create(parsed, config);
    }

    /**
     * Creates the pool named by {@code poolkit.pool}: from the system property {@code poolkit.pool}, else the
     * environment variable {@code POOLKIT_POOL}, else {@code application.conf}, else {@code reference.conf}; when
     * none sets it, the available pool with the highest default priority.
     *
     * @return a started pool
     */
    public static WorkerPool fromConfig() {
        ConfigFactory.invalidateCaches();
        Config config = ConfigFactory.load();
        return create(configuredSpec(config, System::getProperty, System::getenv), config);
    }

    /**
     * Returns the spec {@link #fromConfig()} would use now: the system property {@value #POOL_KEY}, else the
     * environment variable {@value #POOL_ENV}, else {@code poolkit.pool} in {@code application.conf}, else the
     * available pool with the highest default priority.
     *
     * @return the spec, e.g. {@code akka} or {@code mpi:np=3}
     * @throws IllegalStateException if no pool is on the class path
     */
    public static String defaultSpec() {
        ConfigFactory.invalidateCaches();
        return configuredSpec(ConfigFactory.load(), System::getProperty, System::getenv);
    }

    /**
     * Resolves the spec that {@link #fromConfig()} uses.
     *
     * @param config      the loaded configuration
     * @param properties  system properties by name
     * @param environment environment variables by name
     * @return the spec
     */
    static String configuredSpec(Config config, Function<String, String> properties,
                                 Function<String, String> environment) {
        String property = properties.apply(POOL_KEY);
        if (property != null && !property.isBlank()) {
            return property;
        }
        String env = environment.apply(POOL_ENV);
        if (env != null && !env.isBlank()) {
            return env;
        }
        if (config.hasPath(POOL_KEY)) {
            return config.getString(POOL_KEY);
        }
        return providers().values().stream()
                .max(Comparator.comparingInt(WorkerPoolProvider::defaultPriority))
                .map(WorkerPoolProvider::id)
                .orElseThrow(() -> new IllegalStateException("no pool on the class path: add pool-dummy,"
                        + " pool-akka or pool-mpi to the dependencies"));
    }

    /**
     * Returns the names of the pools on the class path.
     *
     * @return the names, sorted
     */
    public static Set<String> available() {
        return new TreeSet<>(providers().keySet());
    }

    private static Map<String, WorkerPoolProvider> providers() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ServiceLoader<WorkerPoolProvider> services = ServiceLoader.load(WorkerPoolProvider.class,
                loader != null ? loader : WorkerPools.class.getClassLoader());
        Map<String, WorkerPoolProvider> byId = new TreeMap<>();
        try {
            for (WorkerPoolProvider provider : services) {
                WorkerPoolProvider previous = byId.putIfAbsent(provider.id(), provider);
                if (previous != null && previous.getClass() != provider.getClass()) {
                    throw new IllegalStateException("two pools are named '" + provider.id() + "': "
                            + previous.getClass().getName() + " and " + provider.getClass().getName());
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("cannot load the pool providers: " + e.getMessage(), e);
        }
        return byId;
    }
}
