package org.poolkit.akka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poolkit.api.Mutability;
import org.poolkit.api.RemoteObject;
import org.poolkit.api.WorkerContext;
import org.poolkit.api.WorkerException;
import org.poolkit.api.WorkerLostException;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;
import org.poolkit.conformance.LeakCheck;
import org.poolkit.conformance.LiveWorkers;

/** Worker JVMs that die: killed with SIGKILL, exiting on their own, failing. Real processes throughout. */
@ExtendWith(LeakCheck.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterWorkerLossTest {

    /** How long a replacement JVM may take to start and join on a loaded machine. */
    private static final Duration REPLACEMENT = Duration.ofSeconds(90);

    static void kill9(long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -9 " + pid);
    }


    @Test
    void map_workerKilledMidway_everyResultExactlyOnceAndReplacementGetsObjects() throws Exception {
        try (WorkerPool pool = WorkerPools.create("akka-cluster:workers=3")) {
            RemoteObject<double[]> table = pool.push(new double[] {1.5, 2.5}, Mutability.READ_ONLY);
            long victim = pool.applyOnly(1, ctx -> ProcessHandle.current().pid());
            int n = 10_000;
            List<Integer> items = IntStream.range(0, n).boxed().collect(Collectors.toList());
            int[] seen = new int[n];
            int[] delivered = {0};
            boolean[] killed = {false};
            pool.map((Integer i) -> {
                long end = System.nanoTime() + 200_000;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                return i * table.get()[0];
            }, items, (index, result) -> {
                seen[index]++;
                assertEquals(index * 1.5, result);
                if (++delivered[0] >= n / 4 && !killed[0]) {
                    killed[0] = true;
                    try {
                        kill9(victim);
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            assertTrue(killed[0], "a worker was killed during the map");
            for (int i = 0; i < n; i++) {
                assertEquals(1, seen[i], "deliveries of item " + i);
            }
            LiveWorkers.await(pool, 3, REPLACEMENT);
            assertNotEquals(victim, (long) pool.applyOnly(1, ctx -> ProcessHandle.current().pid()),
                    "a new JVM took slot 1");
            assertEquals(Collections.nCopies(3, 2.5), pool.apply(ctx -> table.get()[1]),
                    "the pushed object was pushed again to the replacement");
            assertEquals(List.of(0, 1, 2), pool.apply(WorkerContext::workerIndex));
        }
    }

    @Test
    void apply_workerKilledWhileRunning_failsNamingItAndPoolShrinks() throws Exception {
        try (WorkerPool pool = WorkerPools.create("akka-cluster:workers=2,replace=false")) {
            long victim = pool.applyOnly(1, ctx -> ProcessHandle.current().pid());
            CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> pool.applyOnly(1, ctx -> {
                Thread.sleep(120_000);
                return 1;
            }));
            Thread.sleep(500);
            kill9(victim);
            ExecutionException e = assertThrows(ExecutionException.class, () -> running.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof WorkerLostException, e.getCause().toString());
            WorkerLostException lost = (WorkerLostException) e.getCause();
            assertEquals(1, lost.worker());
            assertTrue(lost.getMessage().contains("worker 1") && lost.getMessage().contains("pid " + victim),
                    lost.getMessage());
            assertEquals(1, pool.size(), "size() counts live workers");
            assertEquals(List.of(0), pool.apply(WorkerContext::workerIndex), "the pool goes on with one worker");
        }
    }

    @Test
    void failures_workerThrowsExitsOrReturnsUnserializable_clearErrorsAndUsablePool() throws Exception {
        try (WorkerPool pool = WorkerPools.create("akka-cluster:workers=2")) {
            WorkerException thrown = assertThrows(WorkerException.class, () -> pool.applyOnly(1, ctx -> {
                throw new IllegalArgumentException("bad input on the worker");
            }));
            assertEquals("bad input on the worker", thrown.remoteMessage());

            WorkerException unserializable = assertThrows(WorkerException.class,
                    () -> pool.map((Integer i) -> i == 5 ? (Object) new Thread() : i, List.of(0, 1, 2, 3, 4, 5)));
            assertEquals(5, unserializable.itemIndex());
            assertTrue(unserializable.getMessage().contains("java.lang.Thread"), unserializable.getMessage());

            WorkerLostException exited = assertThrows(WorkerLostException.class, () -> pool.applyOnly(0, ctx -> {
                System.exit(3);
                return 0;
            }));
            assertEquals(0, exited.worker());
            assertTrue(exited.getMessage().contains("exited with code 3"), exited.getMessage());

            LiveWorkers.await(pool, 2, REPLACEMENT);
            assertEquals(List.of(0, 1), pool.apply(WorkerContext::workerIndex), "usable, with a new worker");
        }
    }

    @Test
    void applyOnly_workerCallsSystemExit_lossNamesPidExitCodeAndLogFile() throws Exception {
        try (WorkerPool pool = WorkerPools.create("akka-cluster:workers=2,replace=false")) {
            long pid = pool.applyOnly(1, ctx -> ProcessHandle.current().pid());
            pool.applyOnly(1, ctx -> {
                System.out.println("worker about to exit");
                return 0;
            });
            WorkerLostException lost = assertThrows(WorkerLostException.class, () -> pool.applyOnly(1, ctx -> {
                // a slow shutdown hook: the worker leaves the cluster (Akka's hook) well before its JVM exits
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
                System.exit(3);
                return 0;
            }));
            String message = lost.getMessage();
            assertEquals(1, lost.worker());
            assertTrue(message.contains("pid " + pid), message);
            assertTrue(message.contains("exited with code 3"), message);
            Matcher log = Pattern.compile("log: (\\S+\\.log)").matcher(message);
            assertTrue(log.find(), message);
            Path file = Path.of(log.group(1));
            assertTrue(file.startsWith(Path.of(ConfigFactory.load().getString("poolkit.akka.cluster.log-dir"))),
                    message);
            assertTrue(Files.readString(file).contains("worker about to exit"), "the worker's output is in " + file);
            assertEquals(1, pool.size(), "size() counts live workers");
        }
    }

    @Test
    void launchedWorkers_bindToLoopbackAndExitOnClose() throws Exception {
        List<ProcessHandle> children;
        try (WorkerPool pool = WorkerPools.create("akka-cluster:workers=2")) {
            children = ProcessHandle.current().children().collect(Collectors.toList());
            assertEquals(2, children.size());
            for (ProcessHandle child : children) {
                String arguments = new String(java.nio.file.Files.readAllBytes(
                        java.nio.file.Path.of("/proc", Long.toString(child.pid()), "cmdline"))).replace('\0', ' ');
                assertTrue(arguments.contains("--seed 127.0.0.1:"), arguments);
            }
            assertEquals(2, pool.apply(ctx -> 1).size());
        }
        for (ProcessHandle child : children) {
            assertTrue(child.onExit().get(20, TimeUnit.SECONDS) != null && !child.isAlive());
        }
    }
}
