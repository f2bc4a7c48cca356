package org.poolkit.mpi;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import mpi.Comm;
import mpi.Intracomm;
import mpi.MPI;
import mpi.MPIException;
import mpi.Status;
import org.poolkit.api.PoolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rank 0 of an MPI world: one thread makes every MPI call of this rank. Callers queue operations; the thread runs
 * them, receives the worker ranks' messages, completes non-blocking sends, and watches heartbeats. A rank silent
 * for longer than the heartbeat timeout is reported lost to every session, and the world is broken: MPI cannot
 * recover from a dead rank.
 */
final class Coordinator implements RankZero {

    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);

    private final Intracomm world;
    private final Comm p2p;
    private final int size;
    private final int maxMessage;
    private final long heartbeatTimeoutNanos;
    private final ConcurrentLinkedQueue<Op> ops = new ConcurrentLinkedQueue<>();
    private final Map<Integer, Listener> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger sessionIds = new AtomicInteger();
    private final Message.Assembly[] assemblies;
    private final long[] lastSeen;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile String broken;

    /** An operation run on the MPI thread. */
    @FunctionalInterface
    private interface Op {
        void run(Progress progress) throws MPIException;
    }

    /** Starts rank 0's thread on an initialized world; call on rank 0 only, after the workers' {@code serve}. */
    Coordinator(Intracomm world, Comm p2p, int maxMessage, Duration heartbeatTimeout) throws MPIException {
        this.world = world;
        this.p2p = p2p;
        this.size = world.Size();
        this.maxMessage = maxMessage;
        this.heartbeatTimeoutNanos = heartbeatTimeout.toNanos();
        this.assemblies = new Message.Assembly[size];
        this.lastSeen = new long[size];
        long now = System.nanoTime();
        for (int r = 0; r < size; r++) {
            assemblies[r] = new Message.Assembly();
            lastSeen[r] = now;
        }
        this.thread = new Thread(this::loop, "mpj-rank0-coordinator");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public int worldSize() {
        return size;
    }

    private void submit(Op op) {
        if (broken != null) {
            throw new PoolException("the MPI world is broken: " + broken);
        }
        if (!running) {
            throw new PoolException("the MPI world was finished");
        }
        ops.add(op);
        java.util.concurrent.locks.LockSupport.unpark(thread);
    }

    @Override
    public int open(byte[] setup, Listener listener) {
        int session = sessionIds.incrementAndGet();
        sessions.put(session, listener);
        submit(progress -> {
            for (int r = 1; r < size; r++) {
                progress.send(r, Message.of(session, Message.OPEN, setup));
            }
        });
        return session;
    }

    @Override
    public void send(int session, int rank, byte[] frame) {
        submit(progress -> {
            for (byte[] message : Message.frame(session, frame, maxMessage)) {
                progress.send(rank, message);
            }
        });
    }

    @Override
    public void broadcast(int session, byte[] frame) {
        submit(progress -> {
            for (int r = 1; r < size; r++) {
                progress.send(r, Message.of(session, Message.BCAST, frame.length));
            }
            world.Bcast(frame, 0, frame.length, MPI.BYTE, 0);
        });
    }

    @Override
    public void scatter(int session, byte[][] frames) {
        submit(progress -> {
            int[] counts = new int[size];
            int[] displacements = new int[size];
            int total = 0;
            for (int r = 1; r < size; r++) {
                counts[r] = frames[r - 1].length;
                displacements[r] = total;
                total += counts[r];
                progress.send(r, Message.of(session, Message.SCATTER, counts[r]));
            }
            byte[] all = new byte[total];
            for (int r = 1; r < size; r++) {
                System.arraycopy(frames[r - 1], 0, all, displacements[r], counts[r]);
            }
            world.Scatterv(all, 0, counts, displacements, MPI.BYTE, new byte[0], 0, 0, MPI.BYTE, 0);
        });
    }

    @Override
    public void close(int session) {
        sessions.remove(session);
        if (broken == null && running) {
            submit(progress -> {
                for (int r = 1; r < size; r++) {
                    progress.send(r, Message.control(session, Message.CLOSE));
                }
            });
        }
    }

    @Override
    public void finish() {
        if (!running) {
            return;
        }
        if (broken == null) {
            ops.add(progress -> {
                for (int r = 1; r < size; r++) {
                    progress.send(r, Message.control(0, Message.FINISH));
                }
                progress.waitAll();
                running = false;
            });
            java.util.concurrent.locks.LockSupport.unpark(thread);
        } else {
            running = false;
        }
        try {
            if (!stopped.await(30, TimeUnit.SECONDS)) {
                LOG.warn("rank 0's MPI thread did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Tells the surviving ranks to exit at once, after a rank died. */
    void abort(String reason) {
        broken = reason;
        ops.add(progress -> {
            for (int r = 1; r < size; r++) {
                progress.send(r, Message.control(0, Message.ABORT));
            }
        });
    }

    boolean isBroken() {
        return broken != null;
    }

    private void loop() {
        Progress progress = new Progress(p2p);
        try {
            while (running) {
                boolean busy = false;
                Op op;
                while (running && (op = ops.poll()) != null) {
                    op.run(progress);
                    busy = true;
                }
                Status status;
                while ((status = p2p.Iprobe(MPI.ANY_SOURCE, Message.TAG)) != null) {
                    receive(status);
                    busy = true;
                }
                busy |= progress.test();
                if (broken == null) {
                    checkHeartbeats();
                }
                progress.pause(busy);
            }
        } catch (RuntimeException e) {
            LOG.error("rank 0's MPI thread failed", e);
            breakWorld(-1, "rank 0's MPI thread failed: " + e);
        } finally {
            running = false;
            stopped.countDown();
        }
    }

    private void receive(Status status) throws MPIException {
        int length = status.Get_count(MPI.BYTE);
        int source = status.source;
        byte[] bytes = new byte[length];
        p2p.Recv(bytes, 0, length, MPI.BYTE, source, Message.TAG);
        lastSeen[source] = System.nanoTime();
        Message message = Message.parse(bytes);
        byte[] frame = null;
        if (message.kind == Message.FRAME) {
            frame = message.bytes();
        } else if (message.kind == Message.PART) {
            frame = assemblies[source].add(message);
        }
        if (frame != null) {
            Listener listener = sessions.get(message.session);
            if (listener != null) {
                listener.onFrame(source, frame);
            }
        }
    }

    private void checkHeartbeats() {
        long now = System.nanoTime();
        for (int r = 1; r < size; r++) {
            if (now - lastSeen[r] > heartbeatTimeoutNanos) {
                breakWorld(r, "rank " + r + " sent no heartbeat for "
                        + Duration.ofNanos(now - lastSeen[r]).toSeconds() + " s (poolkit.mpi.heartbeat-timeout)");
                return;
            }
        }
    }

    /** A rank is gone: every session hears of it, and the other ranks are told to exit. */
    void breakWorld(int rank, String reason) {
        if (broken != null) {
            return;
        }
        LOG.error("MPI world broken: {}", reason);
        abort(reason);
        for (Listener listener : sessions.values()) {
            listener.onLost(rank, reason);
        }
    }
}
