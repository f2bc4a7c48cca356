package org.poolkit.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

import org.poolkit.spi.Link;
import org.poolkit.spi.WorkerSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers on threads of this JVM that receive every command and send every reply as a frame, exactly as a remote
 * backend does, but with no network: the proof of the runtime, and a quick way to check that functions and data
 * survive serialization and the allow-list. Each thread serves one {@link WorkerLoop}.
 */
final class LoopbackLink implements Link<byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(LoopbackLink.class);
    private static final long JOIN_MILLIS = 10_000;
    /** Ends a worker's loop once the messages before it are handled. */
    private static final byte[] STOP = new byte[0];

    /** The worker thread of one slot and its inbox. */
    private record Worker(Thread thread, LinkedBlockingQueue<byte[]> inbox) {
    }

    private final int slots;
    private final List<Worker> workers = new ArrayList<>();
    private volatile boolean closed;

    LoopbackLink(int slots) {
        this.slots = slots;
    }

    @Override
    public int slots() {
        return slots;
    }

    @Override
    public void start(WorkerSetup setup, Receiver<byte[]> receiver) {
        for (int slot = 0; slot < slots; slot++) {
            int s = slot;
            LinkedBlockingQueue<byte[]> inbox = new LinkedBlockingQueue<>();
            WorkerLoop<byte[]> loop = WorkerLoop.frames(setup, slot);
            Thread thread = new Thread(() -> {
                try {
                    loop.serve(inbox, STOP, reply -> receiver.received(s, reply));
                } catch (InterruptedException e) {
                    // closing
                } finally {
                    if (!closed) {
                        receiver.lost(s, "loopback worker thread " + Thread.currentThread().getName() + " stopped");
                    }
                }
            }, "poolkit-" + setup.poolId() + "-worker-" + slot);
            thread.setDaemon(true);
            workers.add(new Worker(thread, inbox));
        }
        workers.forEach(worker -> worker.thread().start());
    }

    @Override
    public void send(int slot, byte[] frame) {
        Worker worker = workers.get(slot);
        if (worker.thread().isAlive()) {
            worker.inbox().add(frame);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        workers.forEach(worker -> worker.inbox().add(STOP));
        long deadline = System.currentTimeMillis() + JOIN_MILLIS;
        for (Worker worker : workers) {
            try {
                worker.thread().join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (worker.thread().isAlive()) {
                LOG.warn("loopback worker {} did not stop within {} ms; interrupting it", worker.thread().getName(),
                        JOIN_MILLIS);
                worker.thread().interrupt();
            }
        }
    }
}
