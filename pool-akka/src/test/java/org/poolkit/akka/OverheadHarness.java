package org.poolkit.akka;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;

/**
 * A small side-by-side measurement of pool overheads, every backend in the same JVM run: the round trip of an
 * {@code apply} that does nothing, and the cost per item of a {@code map} over trivial items, for a plain
 * {@link ForkJoinPool} (the baseline), {@code akka} and {@code akka-cluster}, all with 2 workers. The
 * {@code benchmarks} module will hold the full JMH table; this harness is the quick check of the actor pools.
 *
 * <p>Run it (after {@code ./mvnw install -DskipTests}):
 * <pre>
 * ./mvnw -q -pl pool-akka exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *     -Dexec.args="-cp %classpath org.poolkit.akka.OverheadHarness"
 * </pre>
 */
public final class OverheadHarness {

    private static final int WORKERS = 2;
    private static final int APPLY_ROUNDS = 2_000;
    private static final int MAP_ITEMS = 200_000;

    private OverheadHarness() {
    }

    /** Outcome of one backend. */
    private record Figures(String name, double applyMedianMicros, double applyP99Micros, double mapNanosPerItem) {
    }

    /**
     * Runs the measurements and prints a table.
     *
     * @param args ignored
     * @throws Exception if a backend fails
     */
    public static void main(String[] args) throws Exception {
        List<Integer> items = IntStream.range(0, MAP_ITEMS).boxed().collect(Collectors.toList());
        List<Figures> rows = new ArrayList<>();
        ForkJoinPool forkJoin = new ForkJoinPool(WORKERS);
        try {
            rows.add(measure("ForkJoinPool(" + WORKERS + ")", () -> {
                List<Callable<Integer>> tasks = new ArrayList<>();
                for (int w = 0; w < WORKERS; w++) {
                    int index = w;
                    tasks.add(() -> index);
                }
                for (Future<Integer> f : forkJoin.invokeAll(tasks)) {
                    f.get();
                }
            }, () -> forkJoin.submit(() -> items.parallelStream().map(i -> i + 1).collect(Collectors.toList())).get()));
        } finally {
            forkJoin.shutdown();
        }
        for (String spec : new String[] {"akka:workers=" + WORKERS, "akka-cluster:workers=" + WORKERS}) {
            try (WorkerPool pool = WorkerPools.create(spec)) {
                rows.add(measure(spec, () -> pool.apply(ctx -> ctx.workerIndex()),
                        () -> pool.map((Integer i) -> i + 1, items)));
            }
        }
        Figures base = rows.get(0);
        System.out.printf("%n%-26s %14s %12s %16s %12s %12s%n", "pool", "apply p50 µs", "apply p99 µs",
                "map ns/item", "apply ×FJP", "map ×FJP");
        for (Figures f : rows) {
            System.out.printf("%-26s %14.1f %12.1f %16.0f %12.1f %12.1f%n", f.name(), f.applyMedianMicros(),
                    f.applyP99Micros(), f.mapNanosPerItem(), f.applyMedianMicros() / base.applyMedianMicros(),
                    f.mapNanosPerItem() / base.mapNanosPerItem());
        }
        System.out.printf("(%d workers; apply: %d rounds after warm-up; map: %d trivial items, best of 5)%n",
                WORKERS, APPLY_ROUNDS, MAP_ITEMS);
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }

    private static Figures measure(String name, Action apply, Action map) throws Exception {
        for (int i = 0; i < APPLY_ROUNDS / 2; i++) {
            apply.run();
        }
        long[] nanos = new long[APPLY_ROUNDS];
        for (int i = 0; i < APPLY_ROUNDS; i++) {
            long start = System.nanoTime();
            apply.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        map.run();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            map.run();
            best = Math.min(best, System.nanoTime() - start);
        }
        return new Figures(name, nanos[APPLY_ROUNDS / 2] / 1e3, nanos[APPLY_ROUNDS * 99 / 100] / 1e3,
                best / (double) MAP_ITEMS);
    }
}
