package org.poolkit.examples.reducedbasis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.poolkit.api.WorkerPools;

/**
 * {@code kill -9} of worker 1's process while the program runs, between two calls and during one: the program
 * never prints a different {@code RESULT}. Worker 1 holds a block of the deflated snapshots (and its point list),
 * which nothing else holds, so no run can finish correctly: each one must print {@code LOST} naming the lost
 * handle and the worker, and exit with 3, also when a replacement has joined before the next call
 * ({@code replace=true}), the case in which a pool that handed the replacement the original block would go on
 * with silently wrong numbers.
 *
 * <p>On {@code mpi:np=3} worker 1 is rank 2: the loss of a rank ends the MPI world, so the message names the rank
 * and says that the pool is closed.
 *
 * <p>With {@code --restore} the program recovers where the pool replaces the worker: it prints the undisturbed
 * {@code RESULT} to the bit. Where it cannot (an MPI world that ended), it prints {@code LOST} saying why.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class WorkerLossTest {

    @AfterEach
    void nothingLeft() throws InterruptedException {
        Runs.noChildProcessLeft();
    }

    @ParameterizedTest
    @ValueSource(strings = {"akka-cluster:workers=2,replace=true", "akka-cluster:workers=2,replace=false", "mpi:np=3"})
    void kill_betweenCalls_lostNamingHandleAndWorker(String spec) throws Exception {
        assumeMpiIfNeeded(spec);
        Path logs = Runs.logs("between-" + spec);
        Path resume = logs.resolve("resume");
        Files.createDirectories(logs);
        Files.deleteIfExists(resume);
        Outcome run;
        List<String> args = Runs.args(spec, "--pause-after", "2", "--pause-file", resume.toString());
        try (Child child = Child.start(logs, args)) {
            long victim = child.workerPid(1, Runs.START);
            child.await("PAUSED 2", Runs.WAIT);
            child.await("WORKERS 2", Runs.WAIT);
            Runs.kill9(victim);
            if (spec.startsWith("mpi")) {
                child.await("WORKERS 0", Runs.WAIT);                 // the world ended with the rank
            } else {
                child.await("WORKERS 1", Runs.WAIT);                 // the loss is noticed ...
                if (spec.contains("replace=true")) {
                    child.await("WORKERS 2", Runs.WAIT);             // ... and a replacement joined
                }
            }
            Files.createFile(resume);
            run = child.finish(Runs.WAIT);
        }
        check(spec, run);
    }

    @ParameterizedTest
    @ValueSource(strings = {"akka-cluster:workers=2,replace=true", "akka-cluster:workers=2,replace=false", "mpi:np=3"})
    void kill_duringDeflation_lostNamingHandleAndWorker(String spec) throws Exception {
        assumeMpiIfNeeded(spec);
        check(spec, killDuringDeflation("during-" + spec, spec));
    }

    @Test
    void restore_clusterWorkerKilledDuringDeflation_replacementRestoredAndUndisturbedResultToTheBit()
            throws Exception {
        String spec = "akka-cluster:workers=2,replace=true";
        String undisturbed = Runs.inThisJvm("loopback:workers=2").result(); // the same blocks, the same sums
        Outcome run = killDuringDeflation("restore-" + spec, spec, "--restore");
        assertEquals(undisturbed, run.result(), run.log());
        assertEquals("1", run.required("RECOVERIES"), run.log());
        assertTrue(run.required("RECOVERING").contains(run.required("HANDLE snapshots")), run.log());
        System.out.println(spec + " --restore: " + run.required("RECOVERING") + " -> RESULT " + run.result());
    }

    @Test
    void restore_mpiRankKilled_lostSayingWhyItCannotRecover() throws Exception {
        assumeMpiIfNeeded("mpi");
        Outcome run = killDuringDeflation("restore-mpi", "mpi:np=3", "--restore", "--regain-timeout-s", "2");
        String message = run.lost("worker 1");
        assertTrue(message.contains("cannot recover") && message.contains("rank 2"), message);
        System.out.println("mpi:np=3 --restore: " + message);
    }

    /** Runs the program and kills worker 1's process during iteration 3's deflation, which sleeps 3 s. */
    private static Outcome killDuringDeflation(String logName, String spec, String... more) throws Exception {
        List<String> args = Runs.args(spec, "--slow-iteration", "3", "--slow-ms", "3000");
        args.addAll(List.of(more));
        try (Child child = Child.start(Runs.logs(logName), args)) {
            long victim = child.workerPid(1, Runs.START);
            child.await("SLOW 3", Runs.WAIT);
            Thread.sleep(500);                                      // the call is out; the workers sleep in it
            Runs.kill9(victim);
            return child.finish(Runs.WAIT);
        }
    }

    private static void check(String spec, Outcome run) {
        String message = run.lost("worker 1");
        if (spec.startsWith("mpi")) {
            assertTrue(message.contains("rank 2") && message.contains("pool is closed"), message);
        }
        assertTrue(run.lines().stream().filter(line -> line.startsWith("ITERATION ")).count() < Runs.ITERATIONS,
                run.log());
        System.out.println(spec + ": " + message);
    }

    private static void assumeMpiIfNeeded(String spec) {
        assumeTrue(!spec.startsWith("mpi") || WorkerPools.available().contains("mpi"),
                "capability 'mpi pool': pool-mpi is not on the class path (MPJ Express is not installed:"
                        + " apt-get install libmpj-java)");
    }
}
