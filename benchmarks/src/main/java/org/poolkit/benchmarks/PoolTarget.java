package org.poolkit.benchmarks;

import java.util.List;
import org.poolkit.api.RemoteObject;
import org.poolkit.api.WorkerPool;

/** A poolkit pool as a benchmark target. */
final class PoolTarget implements Target {

    private final WorkerPool pool;

    PoolTarget(WorkerPool pool) {
        this.pool = pool;
    }

    WorkerPool pool() {
        return pool;
    }

    @Override
    public String name() {
        return pool.toString();
    }

    @Override
    public int workers() {
        return pool.size();
    }

    @Override
    public int applyNoop() {
        int sum = 0;
        for (int index : pool.apply(context -> context.workerIndex())) {
            sum += index;
        }
        return sum;
    }

    @Override
    public long mapNoop(List<Integer> items) {
        long[] sum = {0};
        pool.<Integer, Integer>map(item -> item, items, (index, result) -> sum[0] += result);
        return sum[0];
    }

    @Override
    public void push(double[] data) {
        RemoteObject<double[]> copy = pool.push(data);
        copy.remove();
    }

    @Override
    public void scatter(double[][] rows) {
        RemoteObject<double[][]> blocks = pool.scatterArray(rows);
        blocks.remove();
    }

    @Override
    public void close() {
        pool.close();
    }
}
