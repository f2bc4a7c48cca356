package org.poolkit.mpi;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import mpi.Comm;
import mpi.Intracomm;
import mpi.MPI;
import mpi.MPIException;
import mpi.Status;
import org.poolkit.runtime.WorkerLoop;
import org.poolkit.spi.WorkerSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker rank. The calling thread becomes the rank's MPI thread (it takes part in broadcasts and scatters,
 * sends heartbeats and replies); each session (a pool opened on the world) has a compute thread of its own that runs
 * its {@link WorkerLoop}, so a long function never keeps the rank from answering MPI, and a function that never
 * returns keeps only its own session busy: when that pool closes, its thread is interrupted and left behind (a
 * daemon), and the next pool opened on the world gets a fresh one. Returns when rank 0 finishes the world.
 *
 * <p>Failures: the worker loop answers every failure of a command itself. When the compute thread fails anyway (a
 * fatal {@link VirtualMachineError}, a setup that cannot be read), the rank logs it and ends, and rank 0 finds the
 * rank lost; it never goes on without its worker.
 */
final class WorkerRank {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerRank.class);
    private static final long BEAT_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Work for a session's compute thread, in order: {@link Op#FRAME} or {@link Op#CLOSE}. */
    private record Job(Op op, byte[] bytes) {
    }

    /** One session's compute thread and its work. */
    private record Session(Thread thread, LinkedBlockingQueue<Job> jobs) {
    }

    private final Intracomm world;
    private final Comm p2p;
    private final int rank;
    private final int maxMessage;
    /** The sessions open on this rank; touched by the MPI thread only. */
    private final Map<Integer, Session> sessions = new HashMap<>();
    private final ConcurrentLinkedQueue<byte[]> outbox = new ConcurrentLinkedQueue<>();
    private final Message.Assembly assembly = new Message.Assembly();
    /** Why the compute thread ended, if it did: the rank then ends. */
    private volatile Throwable computeFailure;

    WorkerRank(Intracomm world, Comm p2p, int maxMessage) throws MPIException {
        this.world = world;
        this.p2p = p2p;
        this.rank = world.Rank();
        this.maxMessage = maxMessage;
    }

    /** Serves until rank 0 finishes the world; {@code false} when it aborted it or this rank failed. */
    boolean serve() throws MPIException {
        Sends sends = new Sends(p2p);
        long nextBeat = 0;
        boolean finishing = false;
        try {
            while (true) {
                boolean busy = false;
                Status status;
                while (!finishing && (status = p2p.Iprobe(Ranks.COORDINATOR, Message.TAG)) != null) {
                    Message message = receive(status);
                    busy = true;
                    switch (message.op) {
                        case FRAME -> enqueue(message.session, Op.FRAME, message.bytes());
                        case PART -> {
                            byte[] frame = assembly.add(message);
                            if (frame != null) {
                                enqueue(message.session, Op.FRAME, frame);
                            }
                        }
                        case BCAST -> {
                            byte[] frame = new byte[message.intBody()];
                            world.Bcast(frame, 0, frame.length, MPI.BYTE, Ranks.COORDINATOR);
                            enqueue(message.session, Op.FRAME, frame);
                        }
                        case SCATTER -> {
                            byte[] frame = new byte[message.intBody()];
                            world.Scatterv(new byte[0], 0, new int[world.Size()], new int[world.Size()], MPI.BYTE,
                                    frame, 0, frame.length, MPI.BYTE, Ranks.COORDINATOR);
                            enqueue(message.session, Op.FRAME, frame);
                        }
                        case OPEN -> open(message.session, message.bytes());
                        case CLOSE -> close(message.session);
                        case FINISH -> {
                            finishing = true;
                            sessions.values().forEach(session -> session.jobs().clear());
                        }
                        case ABORT -> {
                            LOG.error("rank {}: rank 0 aborted the world (a rank died); exiting", rank);
                            return false;
                        }
                        default -> LOG.warn("rank {}: unexpected {} from rank 0", rank, message.op);
                    }
                }
                Throwable failure = computeFailure;
                if (failure != null) {
                    LOG.error("rank {}: the worker failed ({}); ending the rank", rank, failure.toString());
                    return false;
                }
                byte[] reply;
                while (!finishing && (reply = outbox.poll()) != null) {
                    sends.send(Ranks.COORDINATOR, reply);
                    busy = true;
                }
                long now = System.nanoTime();
                if (now >= nextBeat) {
                    sends.send(Ranks.COORDINATOR, Message.control(0, Op.BEAT));
                    nextBeat = now + BEAT_NANOS;
                }
                busy |= sends.test();
                if (finishing && sends.idle()) {
                    // rank 0 keeps receiving until every rank says FINISHED: nothing is left waiting for a receive
                    sends.send(Ranks.COORDINATOR, Message.control(0, Op.FINISHED));
                    sends.waitAll();
                    return true;
                }
                sends.pause(busy);
            }
        } catch (RuntimeException e) {
            LOG.error("rank {}: {}; exiting", rank, e.getMessage());
            return false;
        } finally {
            sessions.values().forEach(session -> session.thread().interrupt());
        }
    }

    private Message receive(Status status) throws MPIException {
        int length = status.Get_count(MPI.BYTE);
        byte[] bytes = new byte[length];
        p2p.Recv(bytes, 0, length, MPI.BYTE, Ranks.COORDINATOR, Message.TAG);
        return Message.parse(bytes);
    }

    private void enqueue(int session, Op op, byte[] bytes) {
        Session open = sessions.get(session);
        if (open != null) {
            open.jobs().add(new Job(op, bytes));
        }
    }

    /** Starts the compute thread of a new session. */
    private void open(int session, byte[] setup) {
        LinkedBlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
        Thread thread = new Thread(() -> compute(session, setup, jobs), "mpj-rank" + rank + "-session" + session);
        thread.setDaemon(true);
        sessions.put(session, new Session(thread, jobs));
        thread.start();
    }

    /**
     * Ends a session: its thread frees its objects after the work before, and is interrupted, so that a function
     * still running (the pool closed on it) ends if it can; one that does not is left behind.
     */
    private void close(int session) {
        Session open = sessions.remove(session);
        if (open != null) {
            open.jobs().add(new Job(Op.CLOSE, null));
            open.thread().interrupt();
        }
    }

    private void compute(int session, byte[] setup, LinkedBlockingQueue<Job> jobs) {
        WorkerLoop<byte[]> loop = null;
        try {
            WorkerSetup workerSetup = WorkerSetup.fromBytes(setup);
            loop = WorkerLoop.frames(workerSetup, Ranks.slotOf(rank));
            while (true) {
                Job job = jobs.take();
                if (job.op() == Op.CLOSE) {
                    return;
                }
                loop.handle(job.bytes(), reply -> outbox.addAll(Message.frame(session, reply, maxMessage)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            // the loop answers every failure of a command: what gets here (a fatal error, an unreadable setup)
            // ends the rank, which rank 0 reports as lost
            LOG.error("rank {}: the compute thread of session {} failed", rank, session, e);
            computeFailure = e;
        } finally {
            if (loop != null) {
                loop.close();
            }
        }
    }
}
