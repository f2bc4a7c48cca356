package org.poolkit.mpi;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

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
 * them, receives the worker ranks' messages, completes non-blocking sends, and watches heartbeats.
 *
 * <p>A dead rank breaks the world (MPI cannot recover): it is found when an MPI call towards it fails, when it is
 * silent longer than the heartbeat timeout, when one turn of the MPI thread blocks that long (a watchdog: MPJ can
 * block in a send to a dead rank), or when a collective exceeds its size-dependent bound. Every session hears of it
 * once, the surviving ranks are told to exit before anything else, and queued work is dropped.
 */
final class Coordinator implements RankZero {

    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
    /** Collectives get the heartbeat timeout plus 20 ns a byte (at least 50 MB/s) before rank 0 gives up. */
    private static final long NANOS_PER_BYTE = 20;
    /** How long finishing waits for every rank to confirm that its last messages are out. */
    private static final long FINISH_NANOS = TimeUnit.SECONDS.toNanos(30);

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
    private final boolean[] finished;
    private final Thread thread;
    /** Collectives run here, so that a hung one cannot hang rank 0; a hung thread stays with the broken world. */
    private final ExecutorService collectives = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mpj-rank0-collective");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<String> broken = new AtomicReference<>();
    private volatile boolean running = true;
    private volatile boolean abortPending;
    private volatile boolean finishing;
    private volatile long finishDeadline;
    /** When the MPI thread's current turn began, 0 between turns: the watchdog's view of a blocked MPI call. */
    private volatile long turnStarted;
    private volatile boolean inCollective;

    /** An operation run on the MPI thread. */
    @FunctionalInterface
    private interface Op {
        void run(Progress progress) throws MPIException;
    }

    /** A collective operation failed or hung. */
    private static final class CollectiveFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CollectiveFailure(String message) {
            super(message);
        }
    }

    /** Starts rank 0's thread on an initialized world; call on rank 0 only. */
    Coordinator(Intracomm world, Comm p2p, int maxMessage, Duration heartbeatTimeout) throws MPIException {
        this.world = world;
        this.p2p = p2p;
        this.size = world.Size();
        this.maxMessage = maxMessage;
        this.heartbeatTimeoutNanos = heartbeatTimeout.toNanos();
        this.assemblies = new Message.Assembly[size];
        this.lastSeen = new long[size];
        this.finished = new boolean[size];
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

    boolean isBroken() {
        return broken.get() != null;
    }

    private void submit(Op op) {
        String why = broken.get();
        if (why != null) {
            throw new PoolException("the MPI world is broken: " + why);
        }
        if (!running || finishing) {
            throw new PoolException("the MPI world was finished");
        }
        ops.add(op);
        LockSupport.unpark(thread);
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
            }
            byte[] all = new byte[total];
            for (int r = 1; r < size; r++) {
                System.arraycopy(frames[r - 1], 0, all, displacements[r], counts[r]);
                progress.send(r, Message.of(session, Message.SCATTER, counts[r]));
            }
            collective("a scatter of " + total + " bytes", total,
                    () -> world.Scatterv(all, 0, counts, displacements, MPI.BYTE, new byte[0], 0, 0, MPI.BYTE, 0));
        });
    }

    /**
     * Runs a collective operation on a helper thread and waits for it a bounded time. The MPI thread makes no MPI
     * call meanwhile; if the collective does not end in time the world is broken and the helper is abandoned.
     */
    private void collective(String what, long bytes, Runnable call) {
        long limitNanos = heartbeatTimeoutNanos + bytes * NANOS_PER_BYTE;
        CompletableFuture<Void> done = CompletableFuture.runAsync(call, collectives);
        inCollective = true;
        try {
            done.get(limitNanos, TimeUnit.NANOSECONDS);
            Arrays.fill(lastSeen, System.nanoTime());
        } catch (TimeoutException e) {
            throw new CollectiveFailure(what + " did not complete within "
                    + Duration.ofNanos(limitNanos).toSeconds() + " s: a rank is gone");
        } catch (ExecutionException e) {
            throw new CollectiveFailure(what + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectiveFailure(what + " was interrupted");
        } finally {
            inCollective = false;
        }
    }

    @Override
    public void close(int session) {
        sessions.remove(session);
        if (broken.get() == null && running && !finishing) {
            submit(progress -> {
                for (int r = 1; r < size; r++) {
                    progress.send(r, Message.control(session, Message.CLOSE));
                }
            });
        }
    }

    /**
     * Ends the world: every worker rank is told to finish; rank 0 keeps receiving (and dropping) their last
     * messages until each confirms, so that no send is left waiting for a receive, then its thread stops. Bounded.
     *
     * @return whether every rank confirmed and the world is whole, so that {@code MPI.Finalize} can be called
     */
    boolean finishWorld() {
        if (running && !finishing && broken.get() == null) {
            finishDeadline = System.nanoTime() + FINISH_NANOS;
            ops.add(progress -> {
                for (int r = 1; r < size; r++) {
                    progress.send(r, Message.control(0, Message.FINISH));
                }
                finishing = true;
            });
        } else {
            running = false;
        }
        LockSupport.unpark(thread);
        try {
            if (!stopped.await(FINISH_NANOS + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS)) {
                LOG.warn("rank 0's MPI thread did not stop in time; the world is left as it is");
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        for (int r = 1; r < size; r++) {
            if (!finished[r]) {
                return false;
            }
        }
        return broken.get() == null;
    }

    @Override
    public void finish() {
        finishWorld();
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
                    turnStarted = 0;
                    breakWorld(e.rank, e.getMessage());
                } catch (CollectiveFailure e) {
                    turnStarted = 0;
                    int rank = stalest();
                    breakWorld(rank, e.getMessage() + " (quiet the longest: rank " + rank + ")");
                } catch (RuntimeException e) {
                    turnStarted = 0;
                    if (broken.get() == null) {
                        LOG.error("rank 0's MPI thread failed", e);
                        int rank = stalest();
                        breakWorld(rank, "rank 0's MPI operations failed (" + e + "); quiet the longest: rank "
                                + rank);
                    }
                    LockSupport.parkNanos(10_000_000);
                }
            }
        } finally {
            running = false;
            collectives.shutdown();
            stopped.countDown();
        }
    }

    /** One turn of the MPI thread; returns whether anything happened. */
    private boolean turn(Progress progress) throws MPIException {
        if (broken.get() != null) {
            return brokenTurn(progress);
        }
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
        if (finishing) {
            boolean all = true;
            for (int r = 1; r < size; r++) {
                all &= finished[r];
            }
            if (all || System.nanoTime() > finishDeadline) {
                if (!all) {
                    LOG.warn("not every rank confirmed the end of the world in time");
                }
                running = false;
            }
        } else {
            checkHeartbeats();
        }
        return busy;
    }

    /** The world is broken: tell the survivors to exit, drop queued work, make no collective call. */
    private boolean brokenTurn(Progress progress) {
        ops.clear();
        progress.abandon();
        if (abortPending) {
            abortPending = false;
            for (int r = 1; r < size; r++) {
                try {
                    progress.send(r, Message.control(0, Message.ABORT));
                } catch (Progress.RankFailure e) {
                    LOG.debug("abort: {}", e.getMessage());
                }
            }
        }
        if (finishing) {
            running = false;
        }
        return false;
    }

    private void receive(Status status) throws MPIException {
        int length = status.Get_count(MPI.BYTE);
        int source = status.source;
        byte[] bytes = new byte[length];
        try {
            p2p.Recv(bytes, 0, length, MPI.BYTE, source, Message.TAG);
        } catch (RuntimeException e) {
            throw new Progress.RankFailure(source, e);
        }
        lastSeen[source] = System.nanoTime();
        Message message = Message.parse(bytes);
        if (message.kind == Message.FINISHED) {
            finished[source] = true;
            return;
        }
        byte[] frame = null;
        if (message.kind == Message.FRAME) {
            frame = message.bytes();
        } else if (message.kind == Message.PART) {
            frame = assemblies[source].add(message);
        }
        if (frame != null && !finishing) {
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

    /**
     * MPJ can block inside a send to a rank that died. The watchdog breaks the world when one turn of the MPI
     * thread lasts longer than the heartbeat timeout (collectives have their own, size-dependent limit).
     */
    private void watch() {
        while (running && broken.get() == null) {
            LockSupport.parkNanos(200_000_000L);
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

    /** Lets the survivors go when the caller went away (launched mode). */
    void abort(String reason) {
        if (broken.compareAndSet(null, reason)) {
            abortPending = true;
            LockSupport.unpark(thread);
        }
    }

    /** A rank is gone: once only, every session hears of it, and the other ranks are told to exit. */
    void breakWorld(int rank, String reason) {
        if (!broken.compareAndSet(null, reason)) {
            return;
        }
        LOG.error("MPI world broken: {}", reason);
        if (rank > 0) {
            lastSeen[rank] = Long.MAX_VALUE / 2;
        }
        abortPending = true;
        LockSupport.unpark(thread);
        for (Listener listener : sessions.values()) {
            listener.onLost(rank, reason);
        }
    }
}
