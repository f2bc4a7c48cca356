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
    /** Collectives get the heartbeat timeout plus 20 ns a byte (at least 50 MB/s) before rank 0 gives up. */
    private static final long NANOS_PER_BYTE = 20;

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
    /** Collectives run here, so that a hung one cannot hang rank 0; a hung thread stays with the broken world. */
    private final java.util.concurrent.ExecutorService collectives = java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "mpj-rank0-collective");
                t.setDaemon(true);
                return t;
            });
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile String broken;
    /** When the MPI thread's current turn began, 0 between turns: the watchdog's view of a blocked MPI call. */
    private volatile long turnStarted;
    private volatile boolean inCollective;

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
        Thread watchdog = new Thread(this::watch, "mpj-rank0-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
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
            collective("a broadcast of " + frame.length + " bytes", frame.length,
                    () -> world.Bcast(frame, 0, frame.length, MPI.BYTE, 0));
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
            collective("a scatter of " + total + " bytes", total,
                    () -> world.Scatterv(all, 0, counts, displacements, MPI.BYTE, new byte[0], 0, 0, MPI.BYTE, 0));
        });
    }

    /**
     * Runs a collective operation on a helper thread and waits for it a bounded time: a rank that died makes a
     * collective block forever, and rank 0 must still notice and report it. Only one thread makes MPI calls at a
     * time: this one waits without calling MPI meanwhile.
     */
    private void collective(String what, long bytes, Runnable call) {
        long limitNanos = heartbeatTimeoutNanos + bytes * NANOS_PER_BYTE;
        java.util.concurrent.CompletableFuture<Void> done =
                java.util.concurrent.CompletableFuture.runAsync(call, collectives);
        inCollective = true;
        try {
            done.get(limitNanos, TimeUnit.NANOSECONDS);
            long now = System.nanoTime();
            java.util.Arrays.fill(lastSeen, now);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new CollectiveFailure(what + " did not complete within "
                    + Duration.ofNanos(limitNanos).toSeconds() + " s: a rank is gone");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new CollectiveFailure(what + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectiveFailure(what + " was interrupted");
        } finally {
            inCollective = false;
        }
    }

    /** A collective operation failed or hung. */
    private static final class CollectiveFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CollectiveFailure(String message) {
            super(message);
        }
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
            ops.add(progress -> running = false);
            java.util.concurrent.locks.LockSupport.unpark(thread);
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
                try {
                    progress.send(r, Message.control(0, Message.ABORT));
                } catch (Progress.RankFailure e) {
                    LOG.debug("abort: {}", e.getMessage());
                }
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
                try {
                    turnStarted = System.nanoTime();
                    boolean busy = turn(progress);
                    turnStarted = 0;
                    progress.pause(busy);
                } catch (Progress.RankFailure e) {
                    breakWorld(e.rank, e.getMessage());
                } catch (CollectiveFailure e) {
                    breakWorld(stalest(), e.getMessage() + " (quiet the longest: rank " + stalest() + ")");
                } catch (RuntimeException e) {
                    if (broken == null) {
                        LOG.error("rank 0's MPI thread failed", e);
                        breakWorld(-1, "rank 0's MPI operations failed: " + e);
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
                }
            }
        } finally {
            running = false;
            collectives.shutdown();
            stopped.countDown();
        }
    }

    /**
     * MPJ can block inside a send to a rank that died. The watchdog breaks the world when one turn of the MPI
     * thread lasts longer than the heartbeat timeout (collectives have their own, size-dependent limit).
     */
    private void watch() {
        while (running && broken == null) {
            java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
            long started = turnStarted;
            if (started != 0 && !inCollective && System.nanoTime() - started > heartbeatTimeoutNanos) {
                int rank = stalest();
                breakWorld(rank, "rank 0's MPI calls have been blocked for "
                        + Duration.ofNanos(System.nanoTime() - started).toSeconds()
                        + " s, a rank is gone (quiet the longest: rank " + rank + ")");
            }
        }
    }

    private int stalest() {
        int worst = 1;
        for (int r = 1; r < size; r++) {
            if (lastSeen[r] < lastSeen[worst]) {
                worst = r;
            }
        }
        return worst;
    }

    /** One turn of the MPI thread; returns whether anything happened. */
    private boolean turn(Progress progress) throws MPIException {
        boolean busy = false;
        Op op;
        while (running && (op = ops.poll()) != null) {
            op.run(progress);
            busy = true;
        }
        if (broken != null) {
            return busy;
        }
        Status status;
        while ((status = p2p.Iprobe(MPI.ANY_SOURCE, Message.TAG)) != null) {
            receive(status);
            busy = true;
        }
        busy |= progress.test();
        checkHeartbeats();
        return busy;
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
        int worst = -1;
        for (int r = 1; r < size; r++) {
            if (now - lastSeen[r] > heartbeatTimeoutNanos && (worst < 0 || lastSeen[r] < lastSeen[worst])) {
                worst = r;
            }
        }
        if (worst < 0) {
            return;
        }
        // with niodev one dead rank can take others down: name every rank that has gone quiet
        java.util.StringJoiner silent = new java.util.StringJoiner(", ");
        for (int r = 1; r < size; r++) {
            long quiet = now - lastSeen[r];
            if (quiet > TimeUnit.MILLISECONDS.toNanos(1_500)) {
                silent.add("rank " + r + " for " + Duration.ofNanos(quiet).toMillis() + " ms");
            }
        }
        breakWorld(worst, "no heartbeat from " + silent + " (poolkit.mpi.heartbeat-timeout is "
                + Duration.ofNanos(heartbeatTimeoutNanos).toSeconds() + " s)");
    }

    /** A rank is gone: every session hears of it, and the other ranks are told to exit. */
    void breakWorld(int rank, String reason) {
        if (broken != null) {
            return;
        }
        LOG.error("MPI world broken: {}", reason);
        if (rank > 0) {
            lastSeen[rank] = Long.MAX_VALUE / 2;
        }
        abort(reason);
        for (Listener listener : sessions.values()) {
            listener.onLost(rank, reason);
        }
    }
}
