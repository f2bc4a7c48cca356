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
 * {@code push} (every worker gets its own copy) and {@code scatterArray} (every worker gets its block of rows) of a
 * {@code double[]} of 1, 10 or 100 MB, waiting until every worker holds its part, then freeing it. Bandwidth per
 * worker: MB / score for push, MB / workers / score for scatter. The {@code FORK_JOIN} baseline copies in memory.
 *
 * <pre>
 * ./mvnw -q install -DskipTests
 * java -Xmx8g -jar benchmarks/target/microbenchmarks.jar TransferBenchmark
 * java -Xmx8g -jar benchmarks/target/microbenchmarks.jar TransferBenchmark.push -p backend=AKKA_CLUSTER,MPI -p megabytes=100
 * </pre>
 *
 * @since 0.1
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx8g")
public class TransferBenchmark {

    /** The backend. */
    @Param({"FORK_JOIN", "DUMMY", "AKKA", "AKKA_CLUSTER", "MPI"})
    public Backend backend;

    /** Size of the array, in MB (10⁶ bytes). */
    @Param({"1", "10", "100"})
    public int megabytes;

    private Target target;
    private double[] array;
    private double[][] rows;

    /** Creates the backend and the data. */
    @Setup
    public void open() {
        target = backend.open();
        array = Data.array(megabytes);
        rows = Data.rows(megabytes);
    }

    /** Closes the backend. */
    @TearDown
    public void close() {
        target.close();
    }

    /** Every worker gets a copy. */
    @Benchmark
    public void push() {
        target.push(array);
    }

    /** Every worker gets its rows. */
    @Benchmark
    public void scatterArray() {
        target.scatter(rows);
    }
}
