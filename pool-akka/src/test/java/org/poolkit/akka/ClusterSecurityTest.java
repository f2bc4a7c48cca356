package org.poolkit.akka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.poolkit.api.PoolException;
import org.poolkit.api.PoolTimeoutException;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;
import org.poolkit.conformance.LeakCheck;

/**
 * Workers started by hand with the documented command, TLS with mutual authentication (a worker whose certificate
 * the caller does not trust is refused), the codec's allow-list on a cluster, and the bounded wait for workers.
 */
@ExtendWith(LeakCheck.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterSecurityTest {

    private static final String PASSWORD = "poolkit-test";

    @TempDir
    static Path keys;

    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void makeKeyStores() throws Exception {
        keytool("-genkeypair", "-alias", "trusted", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=poolkit-trusted", "-keystore", store("trusted.p12"), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "trusted", "-keystore", store("trusted.p12"), "-storepass", PASSWORD,
                "-file", store("trusted.cer"));
        keytool("-importcert", "-noprompt", "-alias", "trusted", "-file", store("trusted.cer"), "-keystore",
                store("truststore.p12"), "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-genkeypair", "-alias", "intruder", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=poolkit-intruder", "-keystore", store("intruder.p12"), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD);
    }

    private static String store(String name) {
        return keys.resolve(name).toString();
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), "keytool " + String.join(" ", args) + ": " + output);
    }

    /** The settings of a TLS member whose key is in {@code keyStore}; all trust only the "trusted" certificate. */
    private static Map<String, Object> tls(String keyStore) {
        return Map.of(
                "poolkit.akka.cluster.tls.enabled", true,
                "poolkit.akka.cluster.tls.key-store", store(keyStore),
                "poolkit.akka.cluster.tls.key-store-password", PASSWORD,
                "poolkit.akka.cluster.tls.key-password", PASSWORD,
                "poolkit.akka.cluster.tls.trust-store", store("truststore.p12"),
                "poolkit.akka.cluster.tls.trust-store-password", PASSWORD);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts a worker JVM the way the README tells users to, with its own configuration file. */
    private Process startWorker(String name, int port, Map<String, Object> settings) throws IOException {
        Path conf = keys.resolve(name + ".conf");
        StringBuilder text = new StringBuilder("poolkit.akka.cluster.join-timeout = 30s\n");
        settings.forEach((k, v) -> text.append(k).append(" = \"").append(v).append("\"\n"));
        Files.writeString(conf, text.toString());
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dconfig.file=" + conf, "-cp", System.getProperty("java.class.path"),
                "org.poolkit.akka.AkkaWorker", "--seed", "127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(keys.resolve(name + ".log").toFile())
                .start();
        started.add(process);
        return process;
    }

    @AfterEach
    void stopWorkers() throws InterruptedException {
        for (Process process : started) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void tls_trustedWorkerJoinsAndUntrustedWorkerIsRefused() throws Exception {
        int port = freePort();
        Config caller = ConfigFactory.parseMap(tls("trusted.p12")).withFallback(ConfigFactory.load());
        CompletableFuture<WorkerPool> creating = CompletableFuture.supplyAsync(() -> WorkerPools.create(
                "akka-cluster:workers=1,launch=false,port=" + port + ",join-timeout=60s", caller));
        Process intruder = startWorker("intruder", port, tls("intruder.p12"));
        Thread.sleep(4_000);
        assertTrue(!creating.isDone(), "the untrusted worker did not join");
        Process trusted = startWorker("trusted", port, tls("trusted.p12"));
        try (WorkerPool pool = creating.get(90, TimeUnit.SECONDS)) {
            assertEquals(1, pool.size());
            assertEquals(trusted.pid(), (long) pool.applyOnly(0, ctx -> ProcessHandle.current().pid()),
                    "the only worker is the trusted one");
        }
        assertEquals(0, trusted.waitFor(30, TimeUnit.SECONDS) ? trusted.exitValue() : -1,
                "a worker started by hand leaves and exits with 0 when the pool closes");
        assertTrue(intruder.waitFor(60, TimeUnit.SECONDS), "the refused worker gives up on its own");
        assertEquals(2, intruder.exitValue(), "exit code 2: no pool welcomed it");
        String log = Files.readString(keys.resolve("intruder.log"));
        assertTrue(log.contains("no pool welcomed it"), log);
    }

    @Test
    void launchFalse_noWorker_timesOutNamingTheWorkerCommand() throws Exception {
        int port = freePort();
        PoolTimeoutException e = assertThrows(PoolTimeoutException.class, () -> WorkerPools.create(
                "akka-cluster:workers=2,launch=false,port=" + port + ",join-timeout=2s"));
        assertTrue(e.getMessage().contains("0 joined") && e.getMessage().contains("org.poolkit.akka.AkkaWorker --seed"
                + " 127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void launchFalse_withoutFixedPort_refused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkerPools.create("akka-cluster:workers=1,launch=false"));
        assertTrue(e.getMessage().contains("'port'"), e.getMessage());
    }

    @Test
    void codec_classOutsideAllowList_refusedOnCaller() {
        Config strict = ConfigFactory.parseMap(Map.of("poolkit.codec.allowed-packages", List.of("java.")))
                .withFallback(ConfigFactory.load());
        try (WorkerPool pool = WorkerPools.create("akka-cluster:workers=1", strict)) {
            PoolException e = assertThrows(PoolException.class, () -> pool.apply(ctx -> 1));
            assertTrue(e.getMessage().contains(ClusterSecurityTest.class.getName())
                    && e.getMessage().contains("allow-list"), e.getMessage());
            assertTrue(!pool.push(List.of("x")).isRemoved(), "JDK values still travel; the pool stays usable");
        }
    }
}
