package org.poolkit.spi;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.poolkit.api.PoolException;
import org.poolkit.api.ResultSink;
import org.poolkit.api.WorkerException;
import org.poolkit.api.WorkerLostException;

/**
 * One {@code map} call on the caller's thread: hands out batches to workers as they become free, delivers results
 * to the sink as they arrive, re-queues the batches of a lost worker, and stops handing out work after the first
 * failure.
 *
 * <p>Each worker holds at most {@code batchesPerWorker} batches, so a worker busy with a slow item holds back only
 * what it already has. At most {@code maxPending} items are out at once (handed out and not yet delivered), which
 * bounds the results waiting in memory. Not thread-safe: used by the one calling thread.
 */
final class MapRun {

    private final RuntimePool pool;
    private final Calls.Call call;
    private final byte[] function;
    private final List<?> items;
    private final ResultSink<Object> sink;
    private final RuntimeSettings settings;
    private final int workers;
    private final BatchSizer sizer;
    private final List<Map<Integer, Integer>> inFlight = new ArrayList<>();
    private final ArrayDeque<int[]> requeued = new ArrayDeque<>();
    private final boolean[] functionSent;
    private final boolean[] lost;
    private int next;
    private int delivered;
    private int pending;
    private int outstandingBatches;
    private RuntimeException failure;

    MapRun(RuntimePool pool, Calls.Call call, byte[] function, List<?> items, ResultSink<Object> sink) {
        this.pool = pool;
        this.call = call;
        this.function = function;
        this.items = items;
        this.sink = sink;
        this.settings = pool.settings();
        this.workers = pool.slotCount();
        this.sizer = new BatchSizer(settings.fixedBatchSize(), settings.targetBatchTime().toNanos(),
                settings.maxPending() / (workers * settings.batchesPerWorker()));
        this.functionSent = new boolean[workers];
        this.lost = new boolean[workers];
        for (int w = 0; w < workers; w++) {
            inFlight.add(new LinkedHashMap<>());
            lost[w] = true;
        }
        for (int slot : pool.liveSlots()) {
            lost[slot] = false;
        }
    }

    void run() {
        if (liveWorkers() == 0) {
            throw new WorkerLostException(-1, "map: the pool has no live worker left");
        }
        try {
            while (delivered < items.size() && failure == null) {
                dispatch();
                if (failure != null) {
                    break;
                }
                long deadline = System.nanoTime() + settings.callTimeout().toNanos();
                handle(Calls.next(call, deadline, pool::isClosed, this::waitingFor, false));
            }
        } catch (RuntimeException | Error e) {
            if (failure == null && e instanceof RuntimeException re) {
                failure = re;
            } else {
                drainAndEnd();
                throw e;
            }
        }
        drainAndEnd();
        if (failure != null) {
            throw failure;
        }
    }

    private void dispatch() {
        for (int w = 0; w < workers; w++) {
            while (!lost[w] && failure == null && inFlight.get(w).size() < settings.batchesPerWorker()
                    && hasWork()) {
                int size = sizer.next(remaining(), liveWorkers());
                if (pending > 0 && pending + size > settings.maxPending()) {
                    return;
                }
                int[] range = take(size);
                send(w, range[0], range[1]);
            }
        }
    }

    private void send(int worker, int first, int count) {
        Command.MapBatch batch = new Command.MapBatch(call.id, functionSent[worker] ? null : function, first,
                new ArrayList<>(items.subList(first, first + count)));
        try {
            pool.send(worker, batch);
        } catch (WorkerLostException e) {
            requeued.addFirst(new int[] {first, count});
            markLost(worker, e.getMessage());
            return;
        } catch (PoolException e) {
            requeued.addFirst(new int[] {first, count});
            failure = new PoolException("map: items " + first + ".." + (first + count - 1)
                    + " cannot be sent: " + e.getMessage(), e);
            return;
        }
        functionSent[worker] = true;
        inFlight.get(worker).put(first, count);
        pending += count;
        outstandingBatches++;
        pool.countBatch(count);
    }

    private void handle(Object event) {
        if (event instanceof Calls.Received r) {
            Integer count = inFlight.get(r.worker()).remove(firstIndexOf(r.reply()));
            if (count == null) {
                return;
            }
            outstandingBatches--;
            pending -= count;
            if (r.reply() instanceof Reply.Batch b) {
                sizer.observe(count, b.computeNanos());
                for (int k = 0; k < b.results().size(); k++) {
                    delivered++;
                    sink.accept(b.firstIndex() + k, b.results().get(k));
                }
            } else if (r.reply() instanceof Reply.Failed f && failure == null) {
                failure = new WorkerException(workerIndexOf(r.worker()), f.itemIndex(), f.error().toFailure());
            }
        } else if (event instanceof Calls.Lost l) {
            markLost(l.worker(), l.reason());
        } else if (event instanceof Calls.Joined j) {
            lost[j.worker()] = false;
            functionSent[j.worker()] = false;
        }
    }

    /** The worker's index as the user sees it (its rank among live slots), or its slot if it is gone. */
    private int workerIndexOf(int slot) {
        int index = RuntimePool.indexOf(pool.liveSlots(), slot);
        return index >= 0 ? index : slot;
    }

    private static int firstIndexOf(Reply reply) {
        if (reply instanceof Reply.Batch b) {
            return b.firstIndex();
        }
        return reply instanceof Reply.Failed f ? f.firstIndex() : -1;
    }

    private void markLost(int worker, String reason) {
        if (lost[worker]) {
            return;
        }
        lost[worker] = true;
        for (Map.Entry<Integer, Integer> batch : inFlight.get(worker).entrySet()) {
            requeued.addFirst(new int[] {batch.getKey(), batch.getValue()});
            pending -= batch.getValue();
            outstandingBatches--;
        }
        inFlight.get(worker).clear();
        if (liveWorkers() == 0 && failure == null) {
            failure = new WorkerLostException(worker, "map: every worker was lost; the last, worker " + worker
                    + ": " + reason);
        }
    }

    /** After a failure, waits a bounded time for batches already handed out, then lets workers forget the function. */
    private void drainAndEnd() {
        if (failure != null && !pool.isClosed()) {
            long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
            try {
                while (outstandingBatches > 0) {
                    Object event = Calls.next(call, deadline, pool::isClosed,
                            () -> "batches of a failed map", true);
                    if (event == null) {
                        break;
                    }
                    if (event instanceof Calls.Received r
                            && inFlight.get(r.worker()).remove(firstIndexOf(r.reply())) != null) {
                        outstandingBatches--;
                    } else if (event instanceof Calls.Lost l) {
                        markLost(l.worker(), l.reason());
                    }
                }
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        if (pool.isClosed()) {
            return;
        }
        for (int w = 0; w < workers; w++) {
            if (functionSent[w] && !lost[w]) {
                try {
                    pool.send(w, new Command.EndMap(call.id));
                } catch (PoolException e) {
                    // the worker is gone: nothing to forget
                }
            }
        }
    }

    private boolean hasWork() {
        return !requeued.isEmpty() || next < items.size();
    }

    private int remaining() {
        int total = items.size() - next;
        for (int[] range : requeued) {
            total += range[1];
        }
        return total;
    }

    private int[] take(int size) {
        if (!requeued.isEmpty()) {
            int[] range = requeued.pollFirst();
            if (range[1] > size) {
                requeued.addFirst(new int[] {range[0] + size, range[1] - size});
                return new int[] {range[0], size};
            }
            return range;
        }
        int count = Math.min(size, items.size() - next);
        int[] range = {next, count};
        next += count;
        return range;
    }

    private int liveWorkers() {
        int live = 0;
        for (boolean l : lost) {
            live += l ? 0 : 1;
        }
        return live;
    }

    private String waitingFor() {
        StringBuilder busy = new StringBuilder();
        for (int w = 0; w < workers; w++) {
            if (!inFlight.get(w).isEmpty()) {
                busy.append(busy.length() == 0 ? "" : ", ").append(w);
            }
        }
        return "map results (" + delivered + " of " + items.size() + " delivered) from workers [" + busy + "]";
    }
}
