package org.poolkit.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.poolkit.render.lens.Grid;
import org.poolkit.render.lens.LensPlane;
import org.poolkit.render.lens.Quantity;

/**
 * The JVM lens kernel, one thread: every quantity at the 64×64 pixels of a tile of the shipped cluster scene (301 leaf
 * lenses); the score is nanoseconds per pixel·lens. The harness compares the same kernel with C.
 *
 * <pre>
 * ./mvnw -q install -DskipTests
 * java -jar benchmarks/target/microbenchmarks.jar KernelBenchmark
 * </pre>
 *
 * @since 0.1
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KernelBenchmark {

    private static final int SIDE = 64;

    private LensPlane plane;
    private double[] out;

    /** Flattens the scene. */
    @Setup
    public void open() {
        plane = LensPlane.of(Scenes.cluster(1024));
        if (plane.leafCount() != Scenes.CLUSTER_LEAVES) {
            throw new IllegalStateException("the cluster scene has " + plane.leafCount() + " leaves, this benchmark"
                    + " divides by " + Scenes.CLUSTER_LEAVES + ": update CLUSTER_LEAVES");
        }
        out = new double[Quantity.COUNT];
    }

    /**
     * One tile of 64×64 pixels in the middle of the grid.
     *
     * @param sink keeps the values alive
     */
    @Benchmark
    @OperationsPerInvocation(SIDE * SIDE * Scenes.CLUSTER_LEAVES)
    public void pixelLens(Blackhole sink) {
        Grid g = plane.grid();
        for (int j = 480; j < 480 + SIDE; j++) {
            double y = g.y(j);
            for (int i = 480; i < 480 + SIDE; i++) {
                plane.evaluate(g.x(i), y, out);
                sink.consume(out[0]);
                sink.consume(out[9]);
            }
        }
    }
}
