package org.poolkit.examples.reducedbasis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.poolkit.api.WorkerPools;

/**
 * The program, started as a user starts it, gives the same numbers on every pool.
 *
 * <p>Bit-identical where the sums are added in the same order: every pool of two workers cuts the same two blocks
 * and the caller adds the two Gram pieces in worker order, so {@code loopback:workers=2}, {@code akka:workers=2},
 * {@code akka-cluster:workers=2} and {@code mpi:np=3} (two computing ranks) print the very same {@code RESULT} as
 * {@code loopback:workers=2} in this JVM. {@code dummy} has one worker, whose single piece is summed in another
 * order: its checksum agrees to 1e-12 (relative; the runs here differ by about 1e-15) and it chooses the same
 * points.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class EveryPoolTest {

    private static Outcome oneWorker;
    private static Outcome twoWorkers;

    @BeforeAll
    static void references() {
        oneWorker = Runs.inThisJvm("dummy");
        twoWorkers = Runs.inThisJvm("loopback:workers=2");
    }

    @AfterEach
    void nothingLeft() throws InterruptedException {
        Runs.noChildProcessLeft();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dummy", "loopback:workers=2", "akka:workers=2", "akka-cluster:workers=2", "mpi:np=3"})
    void run_undisturbed_sameResultOnEveryPool(String spec) throws Exception {
        assumeTrue(!spec.startsWith("mpi") || WorkerPools.available().contains("mpi"),
                "capability 'mpi pool': pool-mpi is not on the class path (MPJ Express is not installed:"
                        + " apt-get install libmpj-java)");
        Outcome run;
        try (Child child = Child.start(Runs.logs("every-pool-" + spec), Runs.args(spec))) {
            run = child.finish(Runs.START);
        }
        long workers = run.lines().stream().filter(line -> line.startsWith("WORKER ")).count();
        Outcome reference = workers == 1 ? oneWorker : twoWorkers;
        assertEquals(reference.result(), run.result(), spec + " against the same sums in this JVM:\n" + run.log());
        assertEquals(oneWorker.required("POINTS"), run.required("POINTS"), run.log());
        double expected = Double.parseDouble(oneWorker.result());
        double actual = Double.parseDouble(run.result());
        assertEquals(expected, actual, 1e-12 * Math.abs(expected), "against dummy: " + run.log());
        assertTrue(workers == 1 || workers == 2, run.log());
    }
}
