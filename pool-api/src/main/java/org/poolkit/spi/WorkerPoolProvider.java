package org.poolkit.spi;

import java.util.Map;

import com.typesafe.config.Config;
import org.poolkit.api.WorkerPool;

/**
 * Creates the pools of one backend. Registered through {@link java.util.ServiceLoader} in
 * {@code META-INF/services/org.poolkit.spi.WorkerPoolProvider}; found by {@link #id()} from a spec such as
 * {@code akka:workers=4}.
 *
 * <p>Implementations are stateless and thread-safe.
 *
 * @since 0.1
 */
public interface WorkerPoolProvider {

    /**
     * Returns the pool name this provider answers to.
     *
     * @return a constant lower-case id, e.g. {@code "dummy"}
     */
    String id();

    /**
     * Returns the spec keys this provider understands, each with the form of its value, for error messages and
     * documentation.
     *
     * @return the keys, e.g. {@code {"workers": "an integer >= 1"}}
     */
    Map<String, String> keys();

    /**
     * Creates a pool.
     *
     * @param spec   the parsed spec; its keys were checked against {@link #keys()}
     * @param config the effective configuration ({@code application.conf}, {@code -D} and {@code reference.conf})
     * @return a started pool
     * @throws IllegalArgumentException if a value is of the wrong form
     */
    WorkerPool create(PoolSpec spec, Config config);

    /**
     * Returns how strongly this provider wants to be the default when {@code poolkit.pool} is not set: the
     * highest wins.
     *
     * @return the priority; the default is 0
     */
    default int defaultPriority() {
        return 0;
    }
}
