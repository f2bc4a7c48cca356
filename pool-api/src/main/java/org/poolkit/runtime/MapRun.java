package org.poolkit.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

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
        /** Whether the batch out here is an item that was out when a worker was lost: it runs alone. */
        boolean suspect;
    }

    /** How long a map that lost every worker of a link that replaces them waits for a replacement. */
    private static final long REPLACEMENT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(120);

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
    /** Checks that the objects the function uses are whole; throws a {@link WorkerLostException} if not. */
    private final Runnable checkUsable;
    /** For items that were out when a worker was lost: how many losses each has seen. */
    private final Map<Integer, Integer> losses = new HashMap<>();
    private int next;
    private int delivered;
    private int pending;
    private int outstandingBatches;
    private RuntimeException failure;

    MapRun(RuntimePool pool, Membership membership, Calls.Call call, byte[] function, List<?> items,
           ResultSink<Object> sink, Runnable checkUsable) {
        this.pool = pool;
        this.checkUsable = checkUsable;
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
            checkUsable.run(); // the call is open: a loss from now on reaches it as an event
            while (delivered < items.size() && failure == null) {
                dispatch();
                if (failure != null) {
                    break;
                }
                long deadline = System.nanoTime() + settings.callTimeout().toNanos();
                if (membership.size() == 0) {
                    // every worker was lost, and the link replaces them: wait, bounded, for a replacement
                    deadline = Math.min(deadline, System.nanoTime() + REPLACEMENT_WAIT_NANOS);
                    Object event = Calls.next(call, deadline, pool::isClosed, this::waitingFor, true);
                    if (event == null) {
                        throw new WorkerLostException(-1, "map: every worker was lost and no replacement joined"
                                + " within " + TimeUnit.NANOSECONDS.toSeconds(REPLACEMENT_WAIT_NANOS) + " s ("
                                + delivered + " of " + items.size() + " results delivered)");
                    }
                    handle(event);
                    continue;
                }
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
            while (failure == null && slots[slot].out.size() < settings.batchesPerWorker() && hasWork()
                    && !slots[slot].suspect) {
                if (nextIsSuspect() && !slots[slot].out.isEmpty()) {
                    break; // an item a lost worker was running goes alone to a worker with nothing else out
                }
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
        slots[slot].suspect = count == 1 && losses.containsKey(first);
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
            slots[r.slot()].suspect = false;
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
            String running = takeBack(l.slot(), l.generation(), l.reason());
            if (failure == null) {
                try {
                    checkUsable.run();
                } catch (WorkerLostException e) {
                    failure = e;
                }
            }
            if (membership.size() == 0 && failure == null && !pool.linkReplaces()) {
                failure = new WorkerLostException(l.slot(), "map: every worker was lost; the last, in slot "
                        + l.slot() + (running.isEmpty() ? "" : " while it ran items " + running) + ": " + l.reason());
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

    /**
     * Requeues the batches that the lost incarnation of a slot held, one item per batch, so that a next loss names
     * the very item; an item that has now seen {@code max-losses} losses fails the map instead.
     */
    private String takeBack(int slot, int generation, String reason) {
        StringJoiner running = new StringJoiner(", ");
        Iterator<Map.Entry<Integer, Batch>> out = slots[slot].out.entrySet().iterator();
        while (out.hasNext()) {
            Map.Entry<Integer, Batch> entry = out.next();
            if (entry.getValue().generation() == generation) {
                int first = entry.getKey();
                int count = entry.getValue().count();
                running.add(count == 1 ? Integer.toString(first) : first + ".." + (first + count - 1));
                for (int item = first + count - 1; item >= first; item--) {
                    int seen = losses.merge(item, 1, Integer::sum);
                    // when no worker is left of a pool that does not replace them, the loss is everyone's (a
                    // world that ended), not this item's
                    if (count == 1 && seen >= settings.maxLosses() && failure == null
                            && (membership.size() > 0 || pool.linkReplaces())) {
                        failure = new WorkerLostException(workerIndexOf(slot), "map: item " + item + " was running"
                                + " on " + seen + " workers that were lost (the last, in slot " + slot + ": " + reason
                                + "); it looks like it ends its worker (System.exit, a native crash, a fatal error),"
                                + " so it is not handed out again (poolkit.map.max-losses / spec key max-losses = "
                                + settings.maxLosses() + ")");
                    }
                    requeued.addFirst(new int[] {item, 1});
                }
                pending -= count;
                outstandingBatches--;
                out.remove();
            }
        }
        slots[slot].suspect = false;
        return running.toString();
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
                        takeBack(l.slot(), l.generation(), l.reason());
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

    private boolean nextIsSuspect() {
        int[] range = requeued.peekFirst();
        return range != null && range[1] == 1 && losses.containsKey(range[0]);
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
