package org.poolkit.examples.hello;

import static org.poolkit.api.Mutability.READ_ONLY;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.poolkit.api.RemoteObject;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;

/**
 * A first program on poolkit: pushes a table to the workers, maps a function over items, and estimates pi with
 * each worker's own random generator. Runs on the default pool; choose another with
 * {@code -Dpoolkit.pool=loopback:workers=4} or {@code POOLKIT_POOL=...}.
 */
public final class Hello {

    private Hello() {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        try (WorkerPool pool = WorkerPools.fromConfig()) {
            System.out.println("pool: " + pool + ", " + pool.size() + " worker(s); available: "
                    + WorkerPools.available());

            // READ_ONLY: functions only read the weights, so a replacement of a lost worker may be given them again
            RemoteObject<double[]> weights = pool.push(new double[] {0.5, 1.5, 2.5}, READ_ONLY);
            List<Integer> items = IntStream.range(0, 12).boxed().collect(Collectors.toList());
            List<Double> weighted = pool.map((Integer i) -> i * weights.get()[i % 3], items);
            System.out.println("weighted items: " + weighted);

            int samplesPerWorker = 1_000_000;
            List<Integer> hits = pool.apply(ctx -> {
                int inside = 0;
                for (int s = 0; s < samplesPerWorker; s++) {
                    double x = ctx.random().nextDouble();
                    double y = ctx.random().nextDouble();
                    inside += x * x + y * y <= 1 ? 1 : 0;
                }
                return inside;
            });
            double pi = 4.0 * hits.stream().mapToInt(Integer::intValue).sum() / (samplesPerWorker * pool.size());
            System.out.printf("pi is about %.4f (%d samples)%n", pi, samplesPerWorker * pool.size());
        }
    }
}
