package org.poolkit.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.BooleanSupplier;

import org.poolkit.api.WorkerException;
import org.poolkit.api.WorkerLostException;

/**
 * One call on several workers at once ({@code apply}, {@code applyOnly}, the stores of a push or scatter): sends
 * its commands to the live targets, then collects one answer per worker in order, within the call timeout.
 *
 * <p>Thread-safe: each call has its own {@link Calls.Call}.
 */
final class FanOut {

    /** Sends the commands of one call to its target slots. */
    @FunctionalInterface
    interface Sending {
        void send(long callId, int[] slots);
    }

    private final Calls calls;
    private final Membership membership;
    private final RuntimeSettings settings;
    private final BooleanSupplier closed;

    FanOut(Calls calls, Membership membership, RuntimeSettings settings, BooleanSupplier closed) {
        this.calls = calls;
        this.membership = membership;
        this.settings = settings;
        this.closed = closed;
    }

    /**
     * Sends a call's commands to the given slots and collects the answers in that order; {@code indices} are the
     * workers' indices as the user sees them, for messages. All workers are awaited even after a failure, so that
     * the pool is idle when this returns. A lost worker fails the call, unless {@code skipLost}: then it is left
     * out (a replacement gets the object through its reload).
     */
    <R> List<R> call(String what, int[] slots, int[] indices, boolean skipLost, Sending sending) {
        Calls.Call call = calls.open();
        try {
            Object[] results = new Object[slots.length];
            boolean[] answered = new boolean[slots.length];
            int missing = slots.length;
            int[] targets = new int[slots.length];
            int[] generations = new int[slots.length];
            int count = 0;
            for (int k = 0; k < slots.length; k++) {
                generations[k] = membership.generation(slots[k]);
                String lost = membership.lostReason(slots[k]);
                if (lost == null) {
                    targets[count++] = slots[k];
                } else if (skipLost) {
                    answered[k] = true;
                    missing--;
                } else {
                    throw lostDuring(what, indices[k], lost);
                }
            }
            if (count > 0) {
                sending.send(call.id, Arrays.copyOf(targets, count));
            }
            long deadline = System.nanoTime() + settings.callTimeout().toNanos();
            WorkerException failure = null;
            while (missing > 0) {
                Object event = Calls.next(call, deadline, closed,
                        () -> what + " on workers " + pending(indices, answered), false);
                int k = event instanceof Calls.Received r ? Membership.indexOf(slots, r.slot())
                        : event instanceof Calls.Lost l ? Membership.indexOf(slots, l.slot()) : -1;
                if (k < 0 || answered[k]
                        || event instanceof Calls.Lost l && l.generation() != generations[k]) {
                    continue; // not this call's worker, or the loss of an earlier worker in that slot
                }
                answered[k] = true;
                missing--;
                if (event instanceof Calls.Lost l && !skipLost) {
                    throw lostDuring(what, indices[k], l.reason());
                } else if (event instanceof Calls.Received r) {
                    if (r.reply() instanceof Reply.Value v) {
                        results[k] = v.value();
                    } else if (r.reply() instanceof Reply.Failed f && failure == null) {
                        failure = new WorkerException(indices[k], -1, f.error().toFailure());
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
            List<R> list = new ArrayList<>(slots.length);
            for (Object result : results) {
                @SuppressWarnings("unchecked")
                R r = (R) result;
                list.add(r);
            }
            return list;
        } finally {
            calls.close(call);
        }
    }

    private static WorkerLostException lostDuring(String what, int worker, String reason) {
        return new WorkerLostException(worker, what + ": worker " + worker + " was lost before it answered: "
                + reason);
    }

    static int[] indices(int n) {
        int[] indices = new int[n];
        Arrays.setAll(indices, k -> k);
        return indices;
    }

    private static String pending(int[] indices, boolean[] answered) {
        StringJoiner joiner = new StringJoiner(", ", "[", "]");
        for (int k = 0; k < answered.length; k++) {
            if (!answered[k]) {
                joiner.add(Integer.toString(indices[k]));
            }
        }
        return joiner.toString();
    }

}
