package org.poolkit.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
 * {@code map} of no-op items (the identity over {@code Integer}s, results collected in order): the score is the time
 * of one whole map, so the per-item overhead is score / items. The {@code FORK_JOIN} baseline is a parallel stream
 * on a {@code ForkJoinPool(2)}.
 *
 * <pre>
 * ./mvnw -q install -DskipTests
 * java -jar benchmarks/target/microbenchmarks.jar MapBenchmark
 * java -jar benchmarks/target/microbenchmarks.jar MapBenchmark -p backend=FORK_JOIN,AKKA -p items=100000
 * </pre>
 *
 * @since 0.1
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MapBenchmark {

    /** The backend. */
    @Param({"FORK_JOIN", "DUMMY", "AKKA", "AKKA_CLUSTER", "MPI"})
    public Backend backend;

    /** Items per map. */
    @Param({"1000", "10000", "100000", "1000000"})
    public int items;

    private Target target;
    private List<Integer> list;

    /** Creates the backend and the items. */
    @Setup
    public void open() {
        target = backend.open();
        list = IntStream.range(0, items).boxed().toList();
    }

    /** Closes the backend. */
    @TearDown
    public void close() {
        target.close();
    }

    /**
     * One map over all items.
     *
     * @return the sum of the results
     */
    @Benchmark
    public long map() {
        return target.mapNoop(list);
    }
}
