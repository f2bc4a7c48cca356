package org.poolkit.spi;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.poolkit.api.WorkerLostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers on threads of this JVM that receive every command and send every reply as bytes through the
 * {@link Codec} and {@link Frames}, exactly as a remote backend does, but with no network: the proof of the
 * runtime, and a quick way to check that functions and data survive serialization and the allow-list.
 */
final class LoopbackTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(LoopbackTransport.class);
    private static final byte[] STOP = new byte[0];
    private static final long JOIN_MILLIS = 10_000;

    private final int size;
    private final List<Worker> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile WorkerSetup setup;
    private volatile Codec callerCodec;
    private volatile Listener listener;
    private volatile boolean closed;

    LoopbackTransport(int size) {
        this.size = size;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void start(WorkerSetup setup, Listener listener) {
        this.listener = listener;
        this.setup = setup;
        this.callerCodec = setup.codec(Codec.defaultClassLoader());
        for (int w = 0; w < size; w++) {
            Worker worker = new Worker(w, setup);
            workers.add(worker);
            worker.thread.start();
        }
    }

    @Override
    public void send(int worker, Command command) {
        sendFrame(worker, Frames.encodeCommand(callerCodec, command));
    }

    /** Encodes the command once for all the workers (frames are never changed once made). */
    @Override
    public void broadcast(int[] workers, Command command) {
        byte[] frame = Frames.encodeCommand(callerCodec, command);
        for (int worker : workers) {
            sendFrame(worker, frame);
        }
    }

    private void sendFrame(int worker, byte[] frame) {
        Worker target = workers.get(worker);
        if (closed || !target.thread.isAlive()) {
            throw new WorkerLostException(worker, "loopback worker " + worker + " is not running");
        }
        target.inbox.add(frame);
    }

    /** Stops a worker as if its process died: it drops its queue and the pool is told it is lost. */
    void kill(int worker) {
        Worker target = workers.get(worker);
        target.killed = true;
        target.thread.interrupt();
    }

    /** Starts a new worker in the slot of a killed one, as a backend that replaces lost workers does. */
    void revive(int worker) throws InterruptedException {
        Worker old = workers.get(worker);
        old.thread.join(10_000);
        Worker fresh = new Worker(worker, setup);
        workers.set(worker, fresh);
        fresh.thread.start();
        listener.onWorkerJoined(worker);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Worker worker : workers) {
            worker.inbox.add(STOP);
        }
        long deadline = System.currentTimeMillis() + JOIN_MILLIS;
        for (Worker worker : workers) {
            try {
                worker.thread.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (worker.thread.isAlive()) {
                LOG.warn("loopback worker {} did not stop within {} ms; interrupting it", worker.index, JOIN_MILLIS);
                worker.thread.interrupt();
            }
        }
    }

    private final class Worker implements Runnable {
        final int index;
        final WorkerSetup setup;
        final LinkedBlockingQueue<byte[]> inbox = new LinkedBlockingQueue<>();
        final Thread thread;
        volatile boolean killed;

        Worker(int index, WorkerSetup setup) {
            this.index = index;
            this.setup = setup;
            this.thread = new Thread(this, "poolkit-" + setup.poolId() + "-worker-" + index);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            Codec codec = setup.codec(Codec.defaultClassLoader());
            WorkerRuntime runtime = setup.newWorker(index, codec);
            try {
                while (true) {
                    byte[] frame = inbox.poll(1, TimeUnit.SECONDS);
                    if (killed) {
                        break;
                    }
                    if (frame == STOP) {
                        return;
                    }
                    if (frame != null) {
                        byte[] reply = Frames.handle(runtime, codec, frame);
                        if (reply != null && !killed) {
                            listener.onReply(index, Frames.decodeReply(callerCodec, index, reply));
                        }
                    }
                }
            } catch (InterruptedException e) {
                // killed or closing
            } finally {
                runtime.close();
                if (killed || !closed) {
                    listener.onWorkerLost(index, "loopback worker thread " + thread.getName() + " stopped");
                }
            }
        }
    }
}
