package org.poolkit.runtime;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;

import org.poolkit.api.WorkerLostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of which workers are alive: the live slots in slot order (their positions are the worker indices
 * users see), why each lost slot was lost, each slot's generation (bumped when a replacement takes it),
 * renumbering, and the reload of a replacement with every live object. Everything else asks it.
 *
 * <p>Numberings: a <em>slot</em> is a link's place for a worker, {@code 0..slots-1}, kept across replacements; a
 * <em>worker index</em> is a live slot's position among the live slots, {@code 0..size()-1}, what
 * {@link org.poolkit.api.WorkerContext#workerIndex()} reports. (MPI's rank of slot {@code s} is {@code s + 1}.)
 *
 * <p>Thread-safe: a change of the live set is made under this object's lock and published as a new array.
 */
final class Membership {

    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

    /** One slot: the incarnation of its worker and, while it has none, why. */
    private static final class Slot {
        volatile int generation;
        volatile String lostReason;
    }

    private final String poolId;
    private final Slot[] slots;
    private final Channel<?> channel;
    private final Calls calls;
    private final HandleRegistry registry;
    private final BooleanSupplier closed;
    private volatile int[] live;
    private volatile String lastLoss;

    Membership(String poolId, int slotCount, Channel<?> channel, Calls calls, HandleRegistry registry,
               BooleanSupplier closed) {
        this.poolId = poolId;
        this.slots = new Slot[slotCount];
        for (int s = 0; s < slotCount; s++) {
            slots[s] = new Slot();
        }
        this.channel = channel;
        this.calls = calls;
        this.registry = registry;
        this.closed = closed;
        int[] all = new int[slotCount];
        Arrays.setAll(all, s -> s);
        this.live = all;
    }

    /** The number of slots, live or not. */
    int slotCount() {
        return slots.length;
    }

    /** The live slots in slot order: {@code live()[i]} is the slot of worker index {@code i}. */
    int[] live() {
        return live;
    }

    /** The number of live workers. */
    int size() {
        return live.length;
    }

    /** The worker index of a live slot, or -1 when it is not live. */
    int indexOf(int slot) {
        return indexOf(live, slot);
    }

    static int indexOf(int[] slots, int slot) {
        for (int k = 0; k < slots.length; k++) {
            if (slots[k] == slot) {
                return k;
            }
        }
        return -1;
    }

    /** The current generation of a slot: it changes when a replacement takes the slot. */
    int generation(int slot) {
        return slots[slot].generation;
    }

    /** Why the worker in a slot was lost, or {@code null} while it is alive. */
    String lostReason(int slot) {
        return slots[slot].lostReason;
    }

    /** The live slots, or a {@link WorkerLostException} when there is none. */
    int[] liveOrFail(String what) {
        int[] now = live;
        if (now.length == 0) {
            String last = lastLoss;
            throw new WorkerLostException(-1, what + ": " + poolId + " has no live worker left"
                    + (last == null ? "" : " (last loss: " + last + ")"));
        }
        return now;
    }

    /**
     * Runs an action while membership cannot change, and returns the live slots it saw: a replacement that joins
     * afterwards sees what the action did (a reserved object, which its reload stores).
     */
    synchronized int[] liveDuring(Runnable action) {
        action.run();
        return live;
    }

    /** Runs an action with the live slots and their generations while membership cannot change. */
    synchronized <T> T withLive(BiFunction<int[], int[], T> action) {
        int[] now = live;
        int[] generations = new int[now.length];
        for (int k = 0; k < now.length; k++) {
            generations[k] = slots[now[k]].generation;
        }
        return action.apply(now, generations);
    }

    /**
     * The link lost the worker in a slot. The slot is marked lost at once (calls check {@link #lostReason} before
     * they send), then the others are renumbered and the slot leaves the live set, and only then does every call
     * hear of it: a caller that catches the loss sees the smaller pool.
     */
    void lost(int slot, String reason) {
        Slot state = slots[slot];
        int generation = state.generation;
        state.lostReason = reason;
        synchronized (this) {
            if (state.generation == generation) {
                state.lostReason = reason;
                int index = indexOf(slot);
                if (index >= 0) {
                    lastLoss = reason;
                    // the objects it held learn of it before anyone sees the smaller pool
                    registry.lost(slot, generation, index, reason);
                    int[] left = Arrays.stream(live).filter(s -> s != slot).toArray();
                    renumber(left);
                    live = left;
                    LOG.warn("{}: worker in slot {} lost ({}); {} workers left", poolId, slot, reason, left.length);
                }
            }
        }
        calls.tellAll(new Calls.Lost(slot, generation, reason));
    }

    /**
     * A new worker took a lost slot. Under the membership's lock, and without waiting for anything: it is sent a
     * store of every live object, then every worker learns its new index, then it is live. Commands to one slot
     * arrive in order, so whatever a call sends it afterwards finds its objects and its index; the stores'
     * answers are checked as they come ({@link #reload}). Not waiting keeps the link's thread free to report a
     * loss of the new worker meanwhile.
     */
    void joined(int slot) {
        if (closed.getAsBoolean()) {
            return;
        }
        synchronized (this) {
            if (indexOf(slot) >= 0) {
                return;
            }
            Slot state = slots[slot];
            state.generation++;
            int[] grown = Arrays.copyOf(live, live.length + 1);
            grown[live.length] = slot;
            Arrays.sort(grown);
            reload(slot, registry.joined(slot, state.generation, indexOf(grown, slot)));
            state.lostReason = null;
            renumber(grown);
            live = grown;
            LOG.info("{}: a new worker took slot {}; {} workers", poolId, slot, grown.length);
        }
        calls.tellAll(new Calls.Joined(slot));
    }

    /**
     * Sends a new worker a store of every read-only object, from the caller's copy. Nobody waits for the answers: a
     * call's handler counts them, logs a store that failed (a later use of that object on this worker then fails
     * naming the handle), and closes itself when all have answered or the worker is lost.
     */
    private void reload(int slot, List<HandleRegistry.Entry> entries) {
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger expected = new AtomicInteger(Integer.MAX_VALUE);
        Calls.Call[] call = new Calls.Call[1];
        call[0] = calls.open(event -> {
            if (event instanceof Calls.Received r) {
                if (r.reply() instanceof Reply.Failed f) {
                    LOG.warn("{}: the new worker in slot {} could not store an object: {}", poolId, slot,
                            f.error().toFailure().getMessage());
                }
                if (answered.incrementAndGet() >= expected.get()) {
                    calls.close(call[0]);
                }
            } else if (event instanceof Calls.Lost l && l.slot() == slot) {
                calls.close(call[0]);
            }
        });
        int[] sent = {0};
        for (HandleRegistry.Entry entry : entries) {
            try {
                channel.send(slot, new Command.Store(call[0].id, entry.id(), entry.original(slot)));
                sent[0]++;
            } catch (RuntimeException e) {
                LOG.warn("{}: cannot store object {} on the new worker in slot {}: {}", poolId, entry.id(), slot,
                        e.toString());
            }
        }
        expected.set(sent[0]);
        if (answered.get() >= sent[0]) {
            calls.close(call[0]);
        }
    }

    /**
     * Tells every worker of a new membership its index. Called before the membership is published, so that a
     * call that sees the new membership reaches each worker after its renumbering (per-slot order).
     */
    private void renumber(int[] slotsInOrder) {
        for (int k = 0; k < slotsInOrder.length; k++) {
            try {
                channel.send(slotsInOrder[k], new Command.Renumber(k, slotsInOrder.length,
                        slots[slotsInOrder[k]].generation));
            } catch (RuntimeException e) {
                LOG.debug("could not renumber slot {}: {}", slotsInOrder[k], e.toString());
            }
        }
    }
}
