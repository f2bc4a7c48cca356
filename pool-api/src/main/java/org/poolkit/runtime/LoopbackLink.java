package org.poolkit.runtime;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

import org.poolkit.spi.Link;
import org.poolkit.spi.WorkerSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers on threads of this JVM that receive every command and send every reply as a frame, exactly as a remote
 * backend does, but with no network: the proof of the runtime, and a quick way to check that functions and data
 * survive serialization and the allow-list. Each thread serves one {@link WorkerLoop}.
 *
 * <p>A worker is lost when its thread ends (a fatal error) or when {@link #kill} ends it, as {@code kill -9} ends a
 * process: what it holds is gone and a reply it was about to send is dropped. With {@code replace}, a fresh worker
 * then takes the slot. Closing waits a bounded time for the threads; one stuck in a function that never returns is
 * left behind, a daemon, so that the JVM can still exit.
 */
final class LoopbackLink implements Link<byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(LoopbackLink.class);
    private static final long JOIN_MILLIS = 2_000;
    /** Ends a worker's loop once the messages before it are handled. */
    private static final byte[] STOP = new byte[0];

    /** The worker thread of one slot, its inbox, and whether it is over (killed, or its thread ended). */
    private final class Worker {
        final Thread thread;
        final LinkedBlockingQueue<byte[]> inbox = new LinkedBlockingQueue<>();
        volatile boolean over;
        /** Set first by a kill: nothing this worker does afterwards reaches the pool. */
        volatile boolean killed;

        Worker(int slot, int incarnation) {
            WorkerLoop<byte[]> loop = WorkerLoop.frames(setup, slot);
            this.thread = new Thread(() -> {
                String why = "its thread stopped";
                try {
                    loop.serve(inbox, STOP, reply -> {
                        if (!killed && !over) {
                            receiver.received(slot, reply);
                        }
                    });
                } catch (InterruptedException e) {
                    why = "its thread was interrupted";
                } catch (RuntimeException | Error e) {
                    why = "its thread ended with " + e;
                    throw e;
                } finally {
                    ended(slot, this, "loopback worker thread " + Thread.currentThread().getName() + " ended: " + why);
                }
            }, "poolkit-" + setup.poolId() + "-worker-" + slot + (incarnation == 0 ? "" : "." + incarnation));
            this.thread.setDaemon(true);
        }
    }

    private final int slots;
    private final boolean replace;
    private final CopyOnWriteArrayList<Worker> workers = new CopyOnWriteArrayList<>();
    private final int[] incarnations;
    private volatile WorkerSetup setup;
    private volatile Receiver<byte[]> receiver;
    private volatile boolean closed;

    LoopbackLink(int slots, boolean replace) {
        this.slots = slots;
        this.replace = replace;
        this.incarnations = new int[slots];
    }

    @Override
    public int slots() {
        return slots;
    }

    @Override
    public boolean replaces() {
        return replace;
    }

    @Override
    public void start(WorkerSetup workerSetup, Receiver<byte[]> linkReceiver) {
        this.setup = workerSetup;
        this.receiver = linkReceiver;
        for (int slot = 0; slot < slots; slot++) {
            workers.add(new Worker(slot, 0));
        }
        workers.forEach(worker -> worker.thread.start());
    }

    @Override
    public void send(int slot, byte[] frame) {
        Worker worker = workers.get(slot);
        if (!worker.over && !worker.killed) {
            worker.inbox.add(frame);
        }
    }

    /**
     * Ends the worker in a slot at once, as {@code kill -9} ends a process, and reports it lost.
     *
     * @param slot the slot
     */
    void kill(int slot) {
        Worker worker = workers.get(slot);
        worker.killed = true;
        worker.inbox.add(STOP);
        worker.thread.interrupt();
        ended(slot, worker, "loopback worker in slot " + slot + " was killed (LoopbackPoolProvider.kill)");
    }

    /** A worker is over: the first report of it tells the pool, and a fresh worker takes the slot if asked. */
    private void ended(int slot, Worker worker, String reason) {
        Worker fresh = null;
        synchronized (this) {
            if (worker.over || closed) {
                return;
            }
            worker.over = true;
            if (replace) {
                fresh = new Worker(slot, ++incarnations[slot]);
                workers.set(slot, fresh);
            }
        }
        receiver.lost(slot, reason);
        if (fresh != null) {
            fresh.thread.start();
            receiver.joined(slot);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        workers.forEach(worker -> worker.inbox.add(STOP));
        long deadline = System.currentTimeMillis() + JOIN_MILLIS;
        for (Worker worker : workers) {
            try {
                worker.thread.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (worker.thread.isAlive()) {
                worker.thread.interrupt();
                LOG.warn("loopback worker {} is still in a function {} ms after close; it is interrupted and left"
                        + " behind (a daemon thread: it does not keep the JVM alive)", worker.thread.getName(),
                        JOIN_MILLIS);
            }
        }
    }
}
