package org.poolkit.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@code apply} round trip: a no-op on every worker, waiting for all of them; the {@code FORK_JOIN} baseline
 * does the same with {@code invokeAll} on a {@code ForkJoinPool(2)}.
 *
 * <pre>
 * ./mvnw -q install -DskipTests
 * java -jar benchmarks/target/microbenchmarks.jar ApplyBenchmark
 * java -jar benchmarks/target/microbenchmarks.jar ApplyBenchmark -p backend=FORK_JOIN,AKKA
 * </pre>
 *
 * @since 0.1
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ApplyBenchmark {

    /** The backend. */
    @Param({"FORK_JOIN", "DUMMY", "AKKA", "AKKA_CLUSTER", "MPI"})
    public Backend backend;

    private Target target;

    /** Creates the backend. */
    @Setup
    public void open() {
        target = backend.open();
    }

    /** Closes it. */
    @TearDown
    public void close() {
        target.close();
    }

    /**
     * One round trip.
     *
     * @return the sum of the worker indices
     */
    @Benchmark
    public int apply() {
        return target.applyNoop();
    }
}
