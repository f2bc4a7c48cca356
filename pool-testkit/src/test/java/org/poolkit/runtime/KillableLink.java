package org.poolkit.runtime;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

import org.poolkit.spi.Link;
import org.poolkit.spi.WorkerSetup;

/**
 * A test double of a byte link whose workers can die and be replaced, as a cluster's can: worker threads that serve
 * {@link WorkerLoop}s like the loopback pool's, plus {@link #kill} (the worker drops what it holds and is reported
 * lost) and {@link #revive} (a fresh worker takes the slot and is reported joined).
 */
final class KillableLink implements Link<byte[]> {

    private static final byte[] STOP = new byte[0];

    /** The worker thread of one slot, its inbox, and whether it was killed. */
    private static final class Worker {
        final Thread thread;
        final LinkedBlockingQueue<byte[]> inbox = new LinkedBlockingQueue<>();
        volatile boolean killed;

        Worker(WorkerSetup setup, int slot, Receiver<byte[]> receiver, KillableLink link) {
            WorkerLoop<byte[]> loop = WorkerLoop.frames(setup, slot);
            this.thread = new Thread(() -> {
                try {
                    loop.serve(inbox, STOP, reply -> {
                        if (!killed) {
                            receiver.received(slot, reply);
                        }
                    });
                } catch (InterruptedException e) {
                    // killed or closing
                } finally {
                    if (killed || !link.closed) {
                        receiver.lost(slot, "test worker in slot " + slot + " was killed");
                    }
                }
            }, "poolkit-" + setup.poolId() + "-killable-" + slot);
            this.thread.setDaemon(true);
        }
    }

    private final int slots;
    private final CopyOnWriteArrayList<Worker> workers = new CopyOnWriteArrayList<>();
    private volatile WorkerSetup setup;
    private volatile Receiver<byte[]> receiver;
    private volatile boolean closed;

    KillableLink(int slots) {
        this.slots = slots;
    }

    @Override
    public int slots() {
        return slots;
    }

    @Override
    public void start(WorkerSetup workerSetup, Receiver<byte[]> linkReceiver) {
        this.setup = workerSetup;
        this.receiver = linkReceiver;
        for (int slot = 0; slot < slots; slot++) {
            workers.add(new Worker(workerSetup, slot, linkReceiver, this));
        }
        workers.forEach(worker -> worker.thread.start());
    }

    @Override
    public void send(int slot, byte[] frame) {
        Worker worker = workers.get(slot);
        if (!worker.killed) {
            worker.inbox.add(frame);
        }
    }

    /** The worker in a slot dies: its objects are gone and the runtime hears of the loss. */
    void kill(int slot) {
        Worker worker = workers.get(slot);
        worker.killed = true;
        worker.inbox.add(STOP);
        worker.thread.interrupt();
    }

    /** A fresh worker takes a killed worker's slot, as a backend that replaces lost workers does. */
    void revive(int slot) throws InterruptedException {
        workers.get(slot).thread.join(10_000);
        Worker fresh = new Worker(setup, slot, receiver, this);
        workers.set(slot, fresh);
        fresh.thread.start();
        receiver.joined(slot);
    }

    @Override
    public void close() {
        closed = true;
        for (Worker worker : workers) {
            worker.inbox.add(STOP);
        }
        for (Worker worker : workers) {
            try {
                worker.thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
