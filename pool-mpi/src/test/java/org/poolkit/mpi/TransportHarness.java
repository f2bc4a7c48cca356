package org.poolkit.mpi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.poolkit.api.RemoteObject;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;

/**
 * The MPI pool against the Akka cluster pool, in the same JVM run: {@code apply} round trip, cost per item of a
 * {@code map} over trivial items, and the bandwidth of pushing a 100 MB {@code double[]} (push returns when every
 * worker has stored its copy). The {@code benchmarks} module will hold the full JMH table.
 *
 * <p>Run it (after {@code ./mvnw install -DskipTests}):
 * <pre>
 * ./mvnw -q -pl pool-mpi exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *     -Dexec.args="-cp %classpath org.poolkit.mpi.TransportHarness"
 * </pre>
 */
public final class TransportHarness {

    private static final int APPLY_ROUNDS = 1_000;
    private static final int MAP_ITEMS = 200_000;
    private static final int PUSH_DOUBLES = 12_500_000;

    private TransportHarness() {
    }

    /**
     * Measures and prints a table.
     *
     * @param args optional specs; default {@code mpi:np=2}, {@code mpi:np=3}, {@code akka-cluster:workers=2}
     * @throws Exception if a pool fails
     */
    public static void main(String[] args) throws Exception {
        List<String> specs = args.length > 0 ? List.of(args)
                : List.of("mpi:np=2", "mpi:np=3", "akka-cluster:workers=2");
        List<Integer> items = IntStream.range(0, MAP_ITEMS).boxed().collect(Collectors.toList());
        double[] big = new double[PUSH_DOUBLES];
        Arrays.fill(big, 1.5);
        List<String> rows = new ArrayList<>();
        for (String spec : specs) {
            try (WorkerPool pool = WorkerPools.create(spec)) {
                for (int i = 0; i < APPLY_ROUNDS / 2; i++) {
                    pool.apply(ctx -> ctx.workerIndex());
                }
                long[] nanos = new long[APPLY_ROUNDS];
                for (int i = 0; i < APPLY_ROUNDS; i++) {
                    long start = System.nanoTime();
                    pool.apply(ctx -> ctx.workerIndex());
                    nanos[i] = System.nanoTime() - start;
                }
                Arrays.sort(nanos);
                pool.map((Integer i) -> i + 1, items);
                long bestMap = Long.MAX_VALUE;
                for (int round = 0; round < 3; round++) {
                    long start = System.nanoTime();
                    pool.map((Integer i) -> i + 1, items);
                    bestMap = Math.min(bestMap, System.nanoTime() - start);
                }
                pool.push(big).remove();
                long bestPush = Long.MAX_VALUE;
                for (int round = 0; round < 3; round++) {
                    long start = System.nanoTime();
                    RemoteObject<double[]> handle = pool.push(big);
                    bestPush = Math.min(bestPush, System.nanoTime() - start);
                    handle.remove();
                }
                double megabytes = PUSH_DOUBLES * 8 / 1e6;
                rows.add(String.format("%-24s %8d %12.0f %10.0f %14.0f %18.0f", spec, pool.size(),
                        nanos[APPLY_ROUNDS / 2] / 1e3, nanos[APPLY_ROUNDS * 99 / 100] / 1e3,
                        bestMap / (double) MAP_ITEMS, megabytes / (bestPush / 1e9)));
            }
        }
        System.out.printf("%n%-24s %8s %12s %10s %14s %18s%n", "pool", "workers", "apply p50 µs", "p99 µs",
                "map ns/item", "push 100 MB, MB/s");
        rows.forEach(System.out::println);
        System.out.printf("(apply: %d rounds after warm-up; map: %d trivial items, best of 3; push: best of 3,"
                + " returns when every worker stored its copy)%n", APPLY_ROUNDS, MAP_ITEMS);
    }
}
