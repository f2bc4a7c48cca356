package org.poolkit.runtime;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.poolkit.api.PoolException;
import org.poolkit.api.PoolTimeoutException;

/**
 * The calls in progress on the caller, each with the queue its events are routed to: replies by call id, and
 * every change of membership to every open call. Replies of calls that are no longer open (a failed map's late
 * batches) are dropped. Whether a worker is alive is {@link Membership}'s business, not this class's.
 *
 * <p>Thread-safe.
 */
final class Calls {

    /** A reply from the worker in a slot. */
    record Received(int slot, Reply reply) {
    }

    /** The worker in a slot was lost; {@code generation} is the incarnation that was lost. */
    record Lost(int slot, int generation, String reason) {
    }

    /** A new worker took a lost slot. */
    record Joined(int slot) {
    }

    /** One call in progress: its events go to its queue, or to its handler when it has one. */
    static final class Call {
        final long id;
        final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
        private final Consumer<Object> handler;

        Call(long id, Consumer<Object> handler) {
            this.id = id;
            this.handler = handler;
        }

        private void deliver(Object event) {
            if (handler == null) {
                events.add(event);
            } else {
                handler.accept(event);
            }
        }
    }

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentHashMap<Long, Call> open = new ConcurrentHashMap<>();

    /** Opens a call whose events a thread takes with {@link #next}. */
    Call open() {
        return open(null);
    }

    /**
     * Opens a call whose events go to a handler, on the link's threads, for work that nobody waits for (the
     * reload of a replacement): the handler must return quickly and close the call when it is done.
     */
    Call open(Consumer<Object> handler) {
        Call call = new Call(ids.incrementAndGet(), handler);
        open.put(call.id, call);
        return call;
    }

    void close(Call call) {
        open.remove(call.id);
    }

    /** Routes a reply to the call it answers. */
    void route(int slot, Reply reply) {
        Call call = open.get(reply.callId());
        if (call != null) {
            call.deliver(new Received(slot, reply));
        }
    }

    /** Tells every open call of a change of membership ({@link Lost} or {@link Joined}). */
    void tellAll(Object event) {
        for (Call call : open.values()) {
            call.deliver(event);
        }
    }
    /**
     * Waits for the next event of a call.
     *
     * @param call       the call
     * @param deadline   {@link System#nanoTime()} at which to give up
     * @param closed     tells whether the pool was closed meanwhile
     * @param waitingFor what is awaited, for the timeout message
     * @return the event, or {@code null} when the deadline passed and {@code quietTimeout} is set
     */
    static Object next(Call call, long deadline, BooleanSupplier closed, Supplier<String> waitingFor,
                       boolean quietTimeout) {
        while (true) {
            if (closed.getAsBoolean()) {
                throw new IllegalStateException("pool is closed (closed while waiting for " + waitingFor.get() + ")");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                if (quietTimeout) {
                    return null;
                }
                throw new PoolTimeoutException("timed out waiting for " + waitingFor.get()
                        + " (poolkit.call-timeout / spec key call-timeout)");
            }
            Object event;
            try {
                event = call.events.poll(Math.min(left, POLL_NANOS), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PoolException("interrupted while waiting for " + waitingFor.get(), e);
            }
            if (event != null) {
                return event;
            }
        }
    }
}
