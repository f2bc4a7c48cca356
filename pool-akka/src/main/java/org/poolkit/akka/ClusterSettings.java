package org.poolkit.akka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.poolkit.spi.PoolSpec;

/**
 * The settings of an {@code akka-cluster} pool, from {@code poolkit.akka.cluster} and the spec keys, and the Akka
 * configuration they give the caller's and the workers' actor systems. The one reader of these settings, for the
 * caller ({@link ClusterLink}) and the worker JVMs ({@link AkkaWorker}) alike.
 */
record ClusterSettings(int workers, boolean launch, String host, int port, String workerHost, Duration joinTimeout,
                       boolean replace, int maxReplacements, Duration closeTimeout, int chunkSize, int chunkWindow,
                       Duration ackTimeout, List<String> jvmOptions, String classPath, String logDir,
                       Config poolkitConfig) {

    /** The name of every actor system of a cluster pool: members of one cluster must share it. */
    static final String SYSTEM_NAME = "poolkit";

    static final Map<String, String> SPEC_KEYS = Map.of(
            "workers", "an integer from 1 to 256: the number of worker JVMs",
            "launch", "true or false: start the worker JVMs here, or wait for workers started elsewhere",
            "host", "a host name or IP address the caller binds to",
            "port", "a port from 0 to 65535 the caller binds to (0: any free port)",
            "replace", "true or false: start a new worker JVM in place of one that died",
            "join-timeout", "a duration such as 30s: how long to wait for the workers to join");

    /**
     * The settings of a worker JVM: {@code poolkit.akka.cluster} alone (the caller hands a launched worker its own
     * settings in a configuration file).
     */
    static ClusterSettings from(Config config) {
        return from(PoolSpec.parse(AkkaClusterPoolProvider.ID), config);
    }

    /** The settings of a pool: the spec keys over {@code poolkit.akka.cluster}. */
    static ClusterSettings from(PoolSpec spec, Config config) {
        Config c = config.getConfig("poolkit.akka.cluster");
        return new ClusterSettings(
                spec.intValue("workers", 1, 256).orElse(c.getInt("workers")),
                spec.booleanValue("launch").orElse(c.getBoolean("launch")),
                spec.value("host").orElse(c.getString("host")),
                spec.intValue("port", 0, 65535).orElse(c.getInt("port")),
                c.getString("worker-host"),
                spec.durationValue("join-timeout").orElse(c.getDuration("join-timeout")),
                spec.booleanValue("replace").orElse(c.getBoolean("replace-lost-workers")),
                c.getInt("max-replacements"),
                c.getDuration("close-timeout"),
                (int) Math.min(c.getBytes("chunk-size"), 200 * 1024),
                Math.max(1, c.getInt("chunk-window")),
                c.getDuration("ack-timeout"),
                List.copyOf(c.getStringList("jvm-options")),
                c.getString("class-path").isBlank() ? System.getProperty("java.class.path") : c.getString("class-path"),
                c.getString("log-dir"),
                config.withOnlyPath("poolkit"));
    }

    /**
     * The Akka configuration of a cluster member.
     *
     * @param config   the effective configuration (with {@code poolkit.akka.cluster})
     * @param hostname the address others reach this member at
     * @param port     the port (0: any free one)
     * @param worker   whether this is a worker JVM (it exits when it leaves the cluster)
     */
    static Config akkaConfig(Config config, String hostname, int port, boolean worker) {
        Config c = config.getConfig("poolkit.akka.cluster");
        Map<String, Object> values = new HashMap<>();
        values.put("akka.remote.artery.canonical.hostname", hostname);
        values.put("akka.remote.artery.canonical.port", port);
        // AkkaWorker.main exits with its own code once the system has terminated
        values.put("akka.coordinated-shutdown.exit-jvm", "off");
        values.put("akka.coordinated-shutdown.run-by-jvm-shutdown-hook", worker ? "on" : "off");
        Config tls = c.getConfig("tls");
        if (tls.getBoolean("enabled")) {
            String engine = "akka.remote.artery.ssl.config-ssl-engine.";
            values.put("akka.remote.artery.transport", "tls-tcp");
            values.put(engine + "key-store", tls.getString("key-store"));
            values.put(engine + "key-store-password", tls.getString("key-store-password"));
            values.put(engine + "key-password", tls.getString("key-password"));
            values.put(engine + "trust-store", tls.getString("trust-store"));
            values.put(engine + "trust-store-password", tls.getString("trust-store-password"));
            values.put(engine + "protocol", tls.getString("protocol"));
            values.put(engine + "enabled-algorithms", tls.getStringList("enabled-algorithms"));
            values.put(engine + "require-mutual-authentication", "on");
        }
        return ConfigFactory.parseMap(values)
                .withFallback(c.getConfig("system"))
                .withFallback(config)
                .resolve();
    }
}
