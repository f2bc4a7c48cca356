package org.poolkit.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

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
 * bounds the results waiting in memory. Who is alive is {@link Membership}'s answer; each batch remembers the
 * generation of the worker it went to, so that a loss takes back exactly the batches that worker held. Not
 * thread-safe: used by the one calling thread.
 */
final class MapRun {

    /** A batch handed to the worker in a slot: its item count and that worker's generation. */
    private record Batch(int count, int generation) {
    }

    /** What this map has at one slot: the batches out, by first item, and which worker has the function. */
    private static final class AtSlot {
        final Map<Integer, Batch> out = new LinkedHashMap<>();
        /** The generation of the worker in this slot that has the function, or -1. */
        int functionGeneration = -1;
    }

    private final RuntimePool pool;
    private final Membership membership;
    private final Calls.Call call;
    private final byte[] function;
    private final List<?> items;
    private final ResultSink<Object> sink;
    private final RuntimeSettings settings;
    private final BatchSizer sizer;
    private final AtSlot[] slots;
    private final ArrayDeque<int[]> requeued = new ArrayDeque<>();
    private int next;
    private int delivered;
    private int pending;
    private int outstandingBatches;
    private RuntimeException failure;

    MapRun(RuntimePool pool, Membership membership, Calls.Call call, byte[] function, List<?> items,
           ResultSink<Object> sink) {
        this.pool = pool;
        this.membership = membership;
        this.call = call;
        this.function = function;
        this.items = items;
        this.sink = sink;
        this.settings = pool.settings();
        this.slots = new AtSlot[membership.slotCount()];
        Arrays.setAll(slots, s -> new AtSlot());
        this.sizer = new BatchSizer(settings.fixedBatchSize(), settings.targetBatchTime().toNanos(),
                settings.maxPending() / (slots.length * settings.batchesPerWorker()));
    }

    void run() {
        if (membership.size() == 0) {
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
        int[] live = membership.live();
        for (int slot : live) {
            while (failure == null && slots[slot].out.size() < settings.batchesPerWorker() && hasWork()) {
                int size = sizer.next(remaining(), live.length);
                if (pending > 0 && pending + size > settings.maxPending()) {
                    return;
                }
                int[] range = take(size);
                if (!send(slot, range[0], range[1])) {
                    break;
                }
            }
        }
    }

    /** Hands a batch to a slot; {@code false} when that worker is gone (the batch waits for another). */
    private boolean send(int slot, int first, int count) {
        int generation = membership.generation(slot);
        boolean withFunction = slots[slot].functionGeneration != generation;
        Command.MapBatch batch = new Command.MapBatch(call.id, withFunction ? function : null, first,
                new ArrayList<>(items.subList(first, first + count)));
        try {
            pool.send(slot, batch);
        } catch (WorkerLostException e) {
            requeued.addFirst(new int[] {first, count});
            return false;
        } catch (PoolException e) {
            requeued.addFirst(new int[] {first, count});
            failure = new PoolException("map: items " + first + ".." + (first + count - 1)
                    + " cannot be sent: " + e.getMessage(), e);
            return false;
        }
        slots[slot].functionGeneration = generation;
        slots[slot].out.put(first, new Batch(count, generation));
        pending += count;
        outstandingBatches++;
        pool.countBatch(count);
        return true;
    }

    private void handle(Object event) {
        if (event instanceof Calls.Received r) {
            Map<Integer, Batch> out = slots[r.slot()].out;
            Batch batch = out.get(firstIndexOf(r.reply()));
            if (batch == null || r.reply() instanceof Reply.Batch b && b.results().size() != batch.count()) {
                return; // a late answer of an earlier worker in this slot, for a batch that was cut differently
            }
            out.remove(firstIndexOf(r.reply()));
            outstandingBatches--;
            pending -= batch.count();
            if (r.reply() instanceof Reply.Batch b) {
                sizer.observe(batch.count(), b.computeNanos());
                for (int k = 0; k < b.results().size(); k++) {
                    delivered++;
                    sink.accept(b.firstIndex() + k, b.results().get(k));
                }
            } else if (r.reply() instanceof Reply.Failed f && failure == null) {
                failure = new WorkerException(workerIndexOf(r.slot()), f.itemIndex(), f.error().toFailure());
            }
        } else if (event instanceof Calls.Lost l) {
            takeBack(l.slot(), l.generation());
            if (membership.size() == 0 && failure == null) {
                failure = new WorkerLostException(l.slot(), "map: every worker was lost; the last, in slot "
                        + l.slot() + ": " + l.reason());
            }
        }
    }

    /** The worker index of a slot for messages (its position among live slots), or the slot if it is gone. */
    private int workerIndexOf(int slot) {
        int index = membership.indexOf(slot);
        return index >= 0 ? index : slot;
    }

    private static int firstIndexOf(Reply reply) {
        if (reply instanceof Reply.Batch b) {
            return b.firstIndex();
        }
        return reply instanceof Reply.Failed f ? f.firstIndex() : -1;
    }

    /** Requeues the batches that the lost incarnation of a slot held. */
    private void takeBack(int slot, int generation) {
        Iterator<Map.Entry<Integer, Batch>> out = slots[slot].out.entrySet().iterator();
        while (out.hasNext()) {
            Map.Entry<Integer, Batch> entry = out.next();
            if (entry.getValue().generation() == generation) {
                requeued.addFirst(new int[] {entry.getKey(), entry.getValue().count()});
                pending -= entry.getValue().count();
                outstandingBatches--;
                out.remove();
            }
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
                            && slots[r.slot()].out.remove(firstIndexOf(r.reply())) != null) {
                        outstandingBatches--;
                    } else if (event instanceof Calls.Lost l) {
                        takeBack(l.slot(), l.generation());
                    }
                }
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        if (pool.isClosed()) {
            return;
        }
        for (int slot : membership.live()) {
            if (slots[slot].functionGeneration == membership.generation(slot)) {
                try {
                    pool.send(slot, new Command.EndMap(call.id));
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

    private String waitingFor() {
        StringJoiner busy = new StringJoiner(", ", "[", "]");
        for (int slot = 0; slot < slots.length; slot++) {
            if (!slots[slot].out.isEmpty()) {
                busy.add(Integer.toString(workerIndexOf(slot)));
            }
        }
        return "map results (" + delivered + " of " + items.size() + " delivered) from workers " + busy;
    }
}
