package org.poolkit.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The baseline: a plain {@link ForkJoinPool} doing what a pool does, with no serialization and no messages. A push
 * copies the array once per worker thread (as a pool's copy per worker), a scatter copies each worker's rows, and a
 * map is a parallel stream on this pool.
 */
final class ForkJoinTarget implements Target {

    private final ForkJoinPool pool;
    private final int workers;

    ForkJoinTarget(int workers) {
        this.workers = workers;
        this.pool = new ForkJoinPool(workers);
    }

    @Override
    public String name() {
        return "ForkJoinPool(" + workers + ")";
    }

    @Override
    public int workers() {
        return workers;
    }

    @Override
    public int applyNoop() {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int index = w;
            tasks.add(() -> index);
        }
        int sum = 0;
        for (Future<Integer> f : pool.invokeAll(tasks)) {
            sum += join(f);
        }
        return sum;
    }

    @Override
    public long mapNoop(List<Integer> items) {
        List<Integer> results = join(pool.submit(() -> items.parallelStream().map(item -> item).toList()));
        long sum = 0;
        for (Integer r : results) {
            sum += r;
        }
        return sum;
    }

    @Override
    public void push(double[] data) {
        List<Callable<double[]>> copies = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            copies.add(data::clone);
        }
        pool.invokeAll(copies).forEach(ForkJoinTarget::join);
    }

    @Override
    public void scatter(double[][] rows) {
        List<Callable<double[][]>> blocks = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int from = (int) ((long) rows.length * w / workers);
            int to = (int) ((long) rows.length * (w + 1) / workers);
            blocks.add(() -> {
                double[][] block = Arrays.copyOfRange(rows, from, to);
                for (int r = 0; r < block.length; r++) {
                    block[r] = block[r].clone();
                }
                return block;
            });
        }
        pool.invokeAll(blocks).forEach(ForkJoinTarget::join);
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the ForkJoinPool", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("a ForkJoinPool task took more than 10 minutes", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a ForkJoinPool task failed", e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
