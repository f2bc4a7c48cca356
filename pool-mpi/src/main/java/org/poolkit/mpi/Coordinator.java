package org.poolkit.mpi;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import mpi.Comm;
import mpi.Intracomm;
import mpi.MPI;
import mpi.MPIException;
import org.poolkit.api.PoolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rank 0 of an MPI world: one thread makes every MPI call of this rank. Callers queue tasks; the thread runs them,
 * receives the worker ranks' messages ({@link Inbound}), completes non-blocking sends, and checks the
 * {@link Heartbeats}.
 *
 * <p>A dead rank breaks the world (MPI cannot recover): it is found when an MPI call towards it fails, when it is
 * silent longer than the heartbeat timeout, when one turn of the MPI thread blocks that long (a watchdog: MPJ can
 * block in a send to a dead rank), or when a collective exceeds its size-dependent bound ({@link Collectives}).
 * Every session hears of it once, the surviving ranks are told to exit before anything else, and queued work is
 * dropped.
 */
final class Coordinator implements RankZero {

    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
    private final Intracomm world;
    private final Comm p2p;
    private final int size;
    private final int maxMessage;
    private final ConcurrentLinkedQueue<Task> tasks = new ConcurrentLinkedQueue<>();
    private final Map<Integer, Listener> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger sessionIds = new AtomicInteger();
    private final Inbound inbound;
    private final Ending ending;
    private final Heartbeats heartbeats;
    private final Collectives collectives;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<String> broken = new AtomicReference<>();
    private volatile boolean running = true;
    private volatile boolean abortPending;

    /** Work for the MPI thread. */
    @FunctionalInterface
    private interface Task {
        void run(Sends sends) throws MPIException;
    }

    /** Starts rank 0's thread on an initialized world; call on rank 0 only. */
    Coordinator(Intracomm world, Comm p2p, MpiSettings settings) throws MPIException {
        this.world = world;
        this.p2p = p2p;
        this.size = world.Size();
        this.maxMessage = settings.maxMessageBytes();
        this.ending = new Ending(size);
        this.heartbeats = new Heartbeats(size, settings.heartbeatTimeout());
        this.inbound = new Inbound(p2p, size, heartbeats, ending, sessions);
        this.collectives = new Collectives(settings.heartbeatTimeout());
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

    /**
     * Queues work for the MPI thread. Once the world is broken, work for open sessions is dropped (their listeners
     * were told, as the link's contract has it); opening a session on a broken world fails.
     */
    private void submit(Task task) {
        String why = broken.get();
        if (why != null) {
            LOG.debug("dropped: the MPI world is broken ({})", why);
            return;
        }
        submitOrFail(task);
    }

    private void submitOrFail(Task task) {
        String why = broken.get();
        if (why != null) {
            throw new PoolException("the MPI world is broken: " + why);
        }
        if (!running || ending.begun()) {
            throw new PoolException("the MPI world was finished");
        }
        tasks.add(task);
        LockSupport.unpark(thread);
    }

    /** Sends one message to every worker rank. */
    private void toWorkers(Sends sends, byte[] message) {
        for (int rank = Ranks.firstWorkerRank(); rank < size; rank++) {
            sends.send(rank, message);
        }
    }

    @Override
    public int open(byte[] setup, Listener listener) {
        int session = sessionIds.incrementAndGet();
        sessions.put(session, listener);
        try {
            submitOrFail(sends -> toWorkers(sends, Message.of(session, Op.OPEN, setup)));
        } catch (RuntimeException e) {
            sessions.remove(session);
            throw e;
        }
        return session;
    }

    @Override
    public void send(int session, int rank, byte[] frame) {
        submit(sends -> {
            for (byte[] message : Message.frame(session, frame, maxMessage)) {
                sends.send(rank, message);
            }
        });
    }

    @Override
    public void broadcast(int session, byte[] frame) {
        submit(sends -> {
            toWorkers(sends, Message.of(session, Op.BCAST, frame.length));
            collective("a broadcast of " + frame.length + " bytes", frame.length,
                    () -> world.Bcast(frame, 0, frame.length, MPI.BYTE, Ranks.COORDINATOR));
        });
    }

    /** Puts the frames together once, into the buffer of the {@code Scatterv}. */
    @Override
    public void scatter(int session, byte[][] frames) {
        scatter(session, Message.lengths(frames), Message.concatenate(frames));
    }

    /**
     * Scatters frames that lie back to back in one buffer, by one {@code Scatterv}.
     *
     * @param counts the length of the frame for each slot, in slot order
     * @param all    the frames, in slot order
     */
    void scatter(int session, int[] counts, byte[] all) {
        int[] rankCounts = new int[size];
        int[] displacements = new int[size];
        int at = 0;
        for (int slot = 0; slot < counts.length; slot++) {
            int rank = Ranks.rankOf(slot);
            rankCounts[rank] = counts[slot];
            displacements[rank] = at;
            at += counts[slot];
        }
        submit(sends -> {
            for (int rank = Ranks.firstWorkerRank(); rank < size; rank++) {
                sends.send(rank, Message.of(session, Op.SCATTER, rankCounts[rank]));
            }
            collective("a scatter of " + all.length + " bytes", all.length, () -> world.Scatterv(all, 0, rankCounts,
                    displacements, MPI.BYTE, new byte[0], 0, 0, MPI.BYTE, Ranks.COORDINATOR));
        });
    }

    private void collective(String what, long bytes, Runnable call) {
        collectives.run(what, bytes, call);
        heartbeats.seenAll();
    }

    @Override
    public void close(int session) {
        sessions.remove(session);
        if (broken.get() == null && running && !ending.begun()) {
            submit(sends -> toWorkers(sends, Message.control(session, Op.CLOSE)));
        }
    }

    /**
     * Ends the world ({@link Ending}): every worker rank is told to finish, then rank 0's thread stops once each
     * confirmed or the bound passed.
     *
     * @return whether every rank confirmed and the world is whole, so that {@code MPI.Finalize} can be called
     */
    boolean finishWorld() {
        if (running && !ending.begun() && broken.get() == null) {
            tasks.add(sends -> {
                toWorkers(sends, Message.control(0, Op.FINISH));
                ending.begin();
            });
        } else {
            running = false;
        }
        LockSupport.unpark(thread);
        try {
            if (!stopped.await(Ending.CONFIRM_NANOS + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS)) {
                LOG.warn("rank 0's MPI thread did not stop in time; the world is left as it is");
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return ending.allConfirmed() && broken.get() == null;
    }

    private void loop() {
        Sends sends = new Sends(p2p);
        try {
            while (running) {
                boolean busy = false;
                try {
                    heartbeats.turnStarted();
                    busy = turn(sends);
                } catch (Sends.RankFailure e) {
                    breakWorld(e.rank, e.getMessage());
                } catch (RuntimeException e) {
                    if (broken.get() == null) {
                        String what = e.getMessage();
                        if (!(e instanceof Collectives.Failure)) {
                            LOG.error("rank 0's MPI thread failed", e);
                            what = "rank 0's MPI operations failed (" + e + ")";
                        }
                        int rank = heartbeats.stalest();
                        breakWorld(rank, what + "; quiet the longest: rank " + rank);
                    }
                } finally {
                    heartbeats.turnEnded();
                }
                sends.pause(busy);
            }
        } finally {
            running = false;
            collectives.shutdown();
            stopped.countDown();
        }
    }

    /** One turn of the MPI thread; returns whether anything happened. */
    private boolean turn(Sends sends) throws MPIException {
        if (broken.get() != null) {
            return brokenTurn(sends);
        }
        boolean busy = false;
        Task task;
        while (running && (task = tasks.poll()) != null) {
            task.run(sends);
            busy = true;
        }
        busy |= inbound.receiveAll();
        busy |= sends.test();
        if (ending.begun()) {
            if (ending.over()) {
                if (!ending.allConfirmed()) {
                    LOG.warn("not every rank confirmed the end of the world in time");
                }
                running = false;
            }
        } else {
            Heartbeats.Silence silence = heartbeats.check();
            if (silence != null) {
                breakWorld(silence.rank(), silence.reason());
            }
        }
        return busy;
    }

    /** The world is broken: tell the survivors to exit, drop queued work, make no collective call. */
    private boolean brokenTurn(Sends sends) {
        tasks.clear();
        sends.abandon();
        if (abortPending) {
            abortPending = false;
            for (int rank = Ranks.firstWorkerRank(); rank < size; rank++) {
                try {
                    sends.send(rank, Message.control(0, Op.ABORT));
                } catch (Sends.RankFailure e) {
                    LOG.debug("abort: {}", e.getMessage());
                }
            }
        }
        if (ending.begun()) {
            running = false;
        }
        return false;
    }

    /** The watchdog: breaks the world when a turn of the MPI thread blocks (collectives have their own bound). */
    private void watch() {
        while (running && broken.get() == null) {
            LockSupport.parkNanos(200_000_000L);
            Heartbeats.Silence blocked = heartbeats.checkTurn();
            if (blocked != null && !collectives.running()) {
                breakWorld(blocked.rank(), blocked.reason());
            }
        }
    }

    /** Lets the survivors go when the caller went away (launched mode). */
    void abort(String reason) {
        if (broken.compareAndSet(null, reason)) {
            abortPending = true;
            LockSupport.unpark(thread);
        }
    }

    /** A rank is gone: once only, every session hears of it, and the other ranks are told to exit. */
    private void breakWorld(int rank, String reason) {
        if (!broken.compareAndSet(null, reason)) {
            return;
        }
        LOG.error("MPI world broken: {}", reason);
        abortPending = true;
        LockSupport.unpark(thread);
        for (Listener listener : sessions.values()) {
            listener.onLost(rank, reason);
        }
    }
}
