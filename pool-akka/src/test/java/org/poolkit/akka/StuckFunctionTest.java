package org.poolkit.akka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.poolkit.support.ChildProcesses;

/**
 * A function that never returns: the caller gets {@code PoolTimeoutException} after {@code call-timeout},
 * {@code close()} returns within a bound without throwing, and the JVM exits by itself once {@code main} returns.
 * Each case runs {@link StuckFunctionMain} in a JVM of its own (a thread left behind must not stay in this one).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StuckFunctionTest {

    /** How long the child JVM may live on after its {@code main} returned. */
    private static final long EXIT_MILLIS = 30_000;

    @TempDir
    Path dir;

    @Test
    void close_akkaFunctionSleepsForever_boundedAndJvmExits() throws Exception {
        Map<String, String> out = runChild("akka:workers=2,call-timeout=5s", "sleep");
        assertTrue(Long.parseLong(out.get("closed-ms")) < 5_000, "close() took " + out.get("closed-ms") + " ms");
    }

    @Test
    void close_akkaFunctionIgnoresInterrupts_leftBehindAsDaemonAndJvmExits() throws Exception {
        Map<String, String> out = runChild("akka:workers=2,call-timeout=5s", "deaf");
        assertTrue(Long.parseLong(out.get("closed-ms")) < 5_000, "close() took " + out.get("closed-ms") + " ms");
        String log = out.get("log");
        assertTrue(log.contains("left behind as a daemon thread") && log.contains("slot 0")
                && log.contains("poolkit-worker-dispatcher"), log);
    }

    @Test
    void close_clusterWorkerStuckInFunction_boundedAndJvmsExit() throws Exception {
        Map<String, String> out = runChild("akka-cluster:workers=1,call-timeout=5s", "deaf");
        // the stuck JVM leaves the cluster and exits; one that did not would be killed after close-timeout (10 s)
        assertTrue(Long.parseLong(out.get("closed-ms")) < 15_000, "close() took " + out.get("closed-ms") + " ms");
        long worker = Long.parseLong(out.get("worker-pid"));
        Optional<ProcessHandle> handle = ProcessHandle.of(worker);
        if (handle.isPresent()) {
            handle.get().onExit().get(10, TimeUnit.SECONDS);
        }
        assertFalse(ProcessHandle.of(worker).map(ProcessHandle::isAlive).orElse(false),
                "worker JVM " + worker + " is gone");
    }

    /** Runs the child; asserts the timeout and that it exited with 0 soon after main returned; its STUCK lines. */
    private Map<String, String> runChild(String spec, String mode) throws IOException, InterruptedException {
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(ChildProcesses.javaCommand(List.of("-Xmx512m"),
                System.getProperty("java.class.path"), StuckFunctionMain.class.getName(), List.of(spec, mode)))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            boolean exited = child.waitFor(150, TimeUnit.SECONDS);
            long exitedAt = System.currentTimeMillis();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(exited, "the child JVM did not exit; its output:\n" + output);
            Map<String, String> lines = new HashMap<>();
            for (String line : output.split("\n")) {
                if (line.startsWith("STUCK ")) {
                    String[] parts = line.substring(6).split(" ", 2);
                    lines.put(parts[0], parts.length > 1 ? parts[1] : "");
                }
            }
            lines.put("log", output);
            assertEquals(0, child.exitValue(), output);
            assertTrue(lines.containsKey("timeout"), "PoolTimeoutException expected:\n" + output);
            assertTrue(lines.containsKey("main-returns-at"), output);
            long after = exitedAt - Long.parseLong(lines.get("main-returns-at"));
            assertTrue(after < EXIT_MILLIS, "the JVM lived " + after + " ms after main returned:\n" + output);
            return lines;
        } finally {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
        }
    }
}
