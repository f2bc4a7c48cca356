package org.poolkit.dummy;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.poolkit.api.CurrentContext;
import org.poolkit.api.RemoteFunction;
import org.poolkit.api.ResultSink;
import org.poolkit.runtime.BatchSizer;
import org.poolkit.runtime.RuntimeSettings;

/**
 * One {@code map} call of a dummy pool, on the caller's thread: hands the worker batches of items, at most two at
 * a time and at most {@code max-pending} items not yet delivered, and calls the sink once per item, in order, on
 * the caller's thread while the worker computes the next batch. Batches are sized by the runtime's
 * {@link BatchSizer}, as on every other pool ({@code target-batch-time}, or {@code batch-size}), so that cheap items cost one hand-over per batch, not per item. After a failure, a timeout or a sink that
 * throws, the batches still out are cancelled: the worker stops at their next item. Not thread-safe: used by the
 * one calling thread.
 *
 * @param <T> the item type
 * @param <R> the result type
 */
final class DummyMap<T, R> {

    /** Batches handed to the worker at once: it starts the next while the caller delivers the last. */
    private static final int BATCHES_OUT = 2;

    private final DummyWorker worker;
    private final RemoteFunction<T, R> function;
    private final List<? extends T> items;
    private final ResultSink<? super R> sink;
    private final RuntimeSettings settings;
    private final AtomicLong computed;
    private final ArrayDeque<Batch> out = new ArrayDeque<>();
    private final BatchSizer sizer;
    private int next;
    private int delivered;

    /** A batch handed out: its first item and its job. */
    private record Batch(int first, DummyJob<Object[]> job) {
    }

    DummyMap(DummyWorker worker, RemoteFunction<T, R> function, List<? extends T> items, ResultSink<? super R> sink,
             RuntimeSettings settings, AtomicLong computed) {
        this.worker = worker;
        this.function = function;
        this.items = items;
        this.sink = sink;
        this.settings = settings;
        this.computed = computed;
        this.sizer = new BatchSizer(settings.fixedBatchSize(), settings.targetBatchTime().toNanos(),
                settings.maxPending() / BATCHES_OUT);
    }

    void run() {
        try {
            while (delivered < items.size()) {
                dispatch();
                Batch batch = out.pollFirst();
                Object[] results = worker.await(batch.job());
                sizer.observe(results.length, batch.job().elapsedNanos());
                computed.addAndGet(results.length);
                for (int k = 0; k < results.length; k++) {
                    @SuppressWarnings("unchecked")
                    R result = (R) results[k];
                    delivered++;
                    sink.accept(batch.first() + k, result);
                }
            }
        } finally {
            for (Batch batch : out) {
                batch.job().cancel();
            }
        }
    }

    private void dispatch() {
        while (out.size() < BATCHES_OUT && next < items.size()) {
            int count = sizer.next(items.size() - next, 1);
            int pending = next - delivered;
            if (pending > 0 && pending + count > settings.maxPending()) {
                return;
            }
            int first = next;
            out.addLast(new Batch(first, worker.submit("map of " + items.size() + " items",
                    (job, runtime) -> CurrentContext.callAs(runtime, () -> compute(job, first, count)))));
            next += count;
        }
    }

    /** Computes a batch on the worker thread, with the worker's context bound once for all its items. */
    private Object[] compute(DummyJob<Object[]> job, int first, int count) throws Exception {
        Object[] results = new Object[count];
        for (int k = 0; k < count && !job.cancelled; k++) {
            job.item = first + k;
            results[k] = function.apply(items.get(first + k));
        }
        return results;
    }
}
