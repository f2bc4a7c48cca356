package org.poolkit.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.poolkit.api.WorkerException;
import org.poolkit.api.WorkerLostException;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;
import org.poolkit.conformance.LeakCheck;

/** A rank killed with SIGKILL: bounded failure naming the rank, the pool closed, every other rank gone. */
@ExtendWith(LeakCheck.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MpiRankDeathTest {

    @Test
    void launched_rankKilledDuringCall_failsNamingRankAndAllRanksExit() throws Exception {
        List<ProcessHandle> ranks;
        try (WorkerPool pool = WorkerPools.create("mpi:np=3")) {
            ranks = ProcessHandle.current().children().collect(Collectors.toList());
            assertEquals(3, ranks.size());
            long victim = pool.applyOnly(1, ctx -> ProcessHandle.current().pid());
            CompletableFuture<List<Integer>> running = CompletableFuture.supplyAsync(() -> pool.apply(ctx -> {
                Thread.sleep(120_000);
                return 1;
            }));
            Thread.sleep(500);
            new ProcessBuilder("kill", "-9", Long.toString(victim)).start().waitFor();
            ExecutionException e = assertThrows(ExecutionException.class, () -> running.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof WorkerLostException, e.getCause().toString());
            assertTrue(e.getCause().getMessage().contains("rank 2"), e.getCause().getMessage());
            WorkerLostException later = assertThrows(WorkerLostException.class, () -> pool.apply(ctx -> 1));
            assertTrue(later.getMessage().contains("rank 2") && later.getMessage().contains("cannot recover"),
                    later.getMessage());
            for (ProcessHandle rank : ranks) {
                rank.onExit().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void launched_workerThrows_workerExceptionAndPoolGoesOn() {
        try (WorkerPool pool = WorkerPools.create("mpi:np=3")) {
            WorkerException e = assertThrows(WorkerException.class, () -> pool.applyOnly(1, ctx -> {
                throw new IllegalStateException("no convergence on rank 2");
            }));
            assertEquals(1, e.worker());
            assertEquals("no convergence on rank 2", e.remoteMessage());
            assertEquals(List.of(0, 1), pool.apply(ctx -> ctx.workerIndex()), "no hang, the pool goes on");
        }
    }

    @Test
    void launched_fatalErrorOnWorker_endsItsRankAndFailsTheCallNamingIt() {
        try (WorkerPool pool = WorkerPools.create("mpi:np=3")) {
            WorkerLostException e = assertThrows(WorkerLostException.class, () -> pool.applyOnly(1, ctx -> {
                throw new InternalError("fatal on purpose");
            }));
            assertTrue(e.getMessage().contains("rank 2") && e.getMessage().contains("exited with code 3"),
                    e.getMessage());
        }
    }

    @Test
    void spmd_rankKilled_callFailsNamingRankAndProgramEnds(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("kill.txt");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MpiRun.class.getName(), "-np", "3",
                "-J-Dpoolkit.mpi.heartbeat-timeout=3s", SpmdKillMain.class.getName())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean ended = process.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertTrue(ended, "the SPMD program ended; output:\n" + text);
        // with niodev the death of rank 2 can take rank 1 down too: the message names the first rank found gone
        assertTrue(text.contains("LOST after") && text.matches("(?s).*LOST after [0-9]+ ms: [^\n]*rank [12].*"), text);
        assertTrue(text.contains("LATER: ") && !text.contains("NOT CLOSED"), text);
        assertTrue(process.descendants().noneMatch(ProcessHandle::isAlive), "no rank left");
    }
}
