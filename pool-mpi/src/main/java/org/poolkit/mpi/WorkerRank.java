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
 * sends heartbeats and replies); a compute thread runs one {@link WorkerLoop} per session, so a long function never
 * keeps the rank from answering MPI. Returns when rank 0 finishes the world.
 *
 * <p>Failures: the worker loop answers every failure of a command itself. When the compute thread fails anyway (a
 * fatal {@link VirtualMachineError}, a setup that cannot be read), the rank logs it and ends, and rank 0 finds the
 * rank lost; it never goes on without its worker.
 */
final class WorkerRank {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerRank.class);
    private static final long BEAT_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Work for the compute thread, in order: {@link Op#OPEN}, {@link Op#FRAME} or {@link Op#CLOSE}. */
    private record Job(int session, Op op, byte[] bytes) {
    }

    private final Intracomm world;
    private final Comm p2p;
    private final int rank;
    private final int maxMessage;
    private final LinkedBlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
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
        Thread compute = new Thread(this::compute, "mpj-rank" + rank + "-compute");
        compute.setDaemon(true);
        compute.start();
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
                        case OPEN -> enqueue(message.session, Op.OPEN, message.bytes());
                        case CLOSE -> enqueue(message.session, Op.CLOSE, null);
                        case FINISH -> {
                            finishing = true;
                            jobs.clear();
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
            compute.interrupt();
        }
    }

    private Message receive(Status status) throws MPIException {
        int length = status.Get_count(MPI.BYTE);
        byte[] bytes = new byte[length];
        p2p.Recv(bytes, 0, length, MPI.BYTE, Ranks.COORDINATOR, Message.TAG);
        return Message.parse(bytes);
    }

    private void enqueue(int session, Op op, byte[] bytes) {
        jobs.add(new Job(session, op, bytes));
    }

    private void compute() {
        Map<Integer, WorkerLoop<byte[]>> loops = new HashMap<>();
        try {
            while (true) {
                Job job = jobs.take();
                switch (job.op()) {
                    case OPEN -> loops.put(job.session(),
                            WorkerLoop.frames(WorkerSetup.fromBytes(job.bytes()), Ranks.slotOf(rank)));
                    case CLOSE -> {
                        WorkerLoop<byte[]> loop = loops.remove(job.session());
                        if (loop != null) {
                            loop.close();
                        }
                    }
                    default -> {
                        WorkerLoop<byte[]> loop = loops.get(job.session());
                        if (loop != null) {
                            loop.handle(job.bytes(), reply -> outbox.addAll(Message.frame(job.session(), reply,
                                    maxMessage)));
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            // the loop answers every failure of a command: what gets here (a fatal error, an unreadable setup)
            // ends the rank, which rank 0 reports as lost
            LOG.error("rank {}: the compute thread failed", rank, e);
            computeFailure = e;
        } finally {
            loops.values().forEach(WorkerLoop::close);
        }
    }
}
