package org.poolkit.runtime;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.typesafe.config.Config;
import org.poolkit.spi.PoolSpec;

/**
 * The settings of the shared runtime, read from {@code poolkit.*} in the configuration and overridden by the keys
 * of a pool spec ({@link #SPEC_KEYS}).
 *
 * @param seed              the pool seed from which every worker's random generator is derived
 *                          ({@code poolkit.seed}, spec key {@code seed})
 * @param fixedBatchSize    items per {@code map} batch, or 0 for the adaptive size
 *                          ({@code poolkit.map.batch-size}, spec key {@code batch-size})
 * @param targetBatchTime   the compute time an adaptive batch aims at ({@code poolkit.map.target-batch-time})
 * @param maxPending        at most this many items are handed out and not yet delivered to the caller
 *                          ({@code poolkit.map.max-pending}, spec key {@code max-pending})
 * @param batchesPerWorker  batches a worker may hold at once, so that it never waits for the next one
 *                          ({@code poolkit.map.batches-per-worker})
 * @param callTimeout       the longest any call waits for its workers ({@code poolkit.call-timeout}, spec key
 *                          {@code call-timeout})
 * @param drainTimeout      how long a failed {@code map} waits for batches already handed out
 *                          ({@code poolkit.map.drain-timeout})
 * @param maxLosses         a map item that was running on this many workers when they were lost fails the map
 *                          instead of being handed out again ({@code poolkit.map.max-losses}, spec key
 *                          {@code max-losses})
 * @param allowedPackages   the class-name prefixes the codec instantiates from bytes of another process
 *                          ({@code poolkit.codec.allowed-packages}); {@code "*"} allows all
 * @since 0.1
 */
public record RuntimeSettings(long seed, int fixedBatchSize, Duration targetBatchTime, int maxPending,
                              int batchesPerWorker, Duration callTimeout, Duration drainTimeout,
                              int maxLosses, List<String> allowedPackages) {

    /** The spec keys every runtime-based pool accepts, with the form of their values. */
    public static final Map<String, String> SPEC_KEYS = specKeys();

    private static Map<String, String> specKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("seed", "an integer (64-bit): the pool seed of WorkerContext.random()");
        keys.put("batch-size", "'auto' or an integer >= 1: items per map batch");
        keys.put("max-pending", "an integer >= 1: map results in flight or waiting for the caller");
        keys.put("call-timeout", "a duration such as 30s or 2h: the longest a call waits");
        keys.put("max-losses", "an integer >= 1: worker losses a map item may cause before the map fails naming it");
        return Map.copyOf(keys);
    }

    /**
     * Returns the keys of a runtime-based pool: {@link #SPEC_KEYS} and the pool's own.
     *
     * @param own the pool's own keys, with the form of their values
     * @return all keys the pool accepts
     */
    public static Map<String, String> specKeysWith(Map<String, String> own) {
        Map<String, String> keys = new LinkedHashMap<>(SPEC_KEYS);
        keys.putAll(own);
        return Map.copyOf(keys);
    }

    /**
     * Returns these settings with an allow-list that admits every class, for pools whose bytes never leave this
     * process.
     *
     * @return a copy with {@code allowedPackages = ["*"]}
     */
    public RuntimeSettings trustingAllClasses() {
        return new RuntimeSettings(seed, fixedBatchSize, targetBatchTime, maxPending, batchesPerWorker, callTimeout,
                drainTimeout, maxLosses, List.of("*"));
    }

    /**
     * Reads the settings.
     *
     * @param spec   the pool spec, whose keys override the configuration
     * @param config the configuration, with {@code reference.conf} of {@code pool-api} as fallback
     * @return the settings
     * @throws IllegalArgumentException if a spec value is of the wrong form
     */
    public static RuntimeSettings from(PoolSpec spec, Config config) {
        Config c = config.getConfig("poolkit");
        long seed = spec.longValue("seed").orElse(c.getLong("seed"));
        String batch = spec.value("batch-size").orElse(c.getString("map.batch-size"));
        int fixed = 0;
        if (!"auto".equalsIgnoreCase(batch.strip())) {
            try {
                fixed = Integer.parseInt(batch.strip());
            } catch (NumberFormatException e) {
                fixed = 0;
            }
            if (fixed < 1) {
                throw spec.badValue("batch-size", batch, "'auto' or an integer >= 1");
            }
        }
        int maxPending = spec.intValue("max-pending", 1, Integer.MAX_VALUE).orElse(c.getInt("map.max-pending"));
        Duration callTimeout = spec.durationValue("call-timeout").orElse(c.getDuration("call-timeout"));
        int maxLosses = spec.intValue("max-losses", 1, Integer.MAX_VALUE).orElse(c.getInt("map.max-losses"));
        return new RuntimeSettings(seed, fixed, c.getDuration("map.target-batch-time"), maxPending,
                Math.max(1, c.getInt("map.batches-per-worker")), callTimeout, c.getDuration("map.drain-timeout"),
                Math.max(1, maxLosses), List.copyOf(c.getStringList("codec.allowed-packages")));
    }
}
