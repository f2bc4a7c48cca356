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
import org.poolkit.spi.Codec;
import org.poolkit.spi.Frames;
import org.poolkit.spi.WorkerRuntime;
import org.poolkit.spi.WorkerSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker rank. The calling thread becomes the rank's MPI thread (it takes part in broadcasts and scatters,
 * sends heartbeats and replies); a compute thread runs the sessions' worker runtimes, so a long function never
 * keeps the rank from answering MPI. Returns when rank 0 finishes the world.
 */
final class WorkerRank {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerRank.class);
    private static final long BEAT_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Work for the compute thread, in order. */
    private record Job(int session, byte kind, byte[] bytes) {
    }

    private final Intracomm world;
    private final Comm p2p;
    private final int rank;
    private final int maxMessage;
    private final LinkedBlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<byte[]> outbox = new ConcurrentLinkedQueue<>();
    private final Message.Assembly assembly = new Message.Assembly();

    WorkerRank(Intracomm world, Comm p2p, int maxMessage) throws MPIException {
        this.world = world;
        this.p2p = p2p;
        this.rank = world.Rank();
        this.maxMessage = maxMessage;
    }

    /** Serves until rank 0 finishes the world; {@code false} when it aborted it (a rank died). */
    boolean serve() throws MPIException {
        Thread compute = new Thread(this::compute, "mpj-rank" + rank + "-compute");
        compute.setDaemon(true);
        compute.start();
        Progress progress = new Progress(p2p);
        long nextBeat = 0;
        boolean finishing = false;
        try {
            while (true) {
                boolean busy = false;
                Status status;
                while (!finishing && (status = p2p.Iprobe(0, Message.TAG)) != null) {
                    int length = status.Get_count(MPI.BYTE);
                    byte[] bytes = new byte[length];
                    p2p.Recv(bytes, 0, length, MPI.BYTE, 0, Message.TAG);
                    Message message = Message.parse(bytes);
                    busy = true;
                    switch (message.kind) {
                        case Message.FRAME -> enqueue(message.session, Message.FRAME, message.bytes());
                        case Message.PART -> {
                            byte[] frame = assembly.add(message);
                            if (frame != null) {
                                enqueue(message.session, Message.FRAME, frame);
                            }
                        }
                        case Message.BCAST -> {
                            byte[] frame = new byte[message.intBody()];
                            world.Bcast(frame, 0, frame.length, MPI.BYTE, 0);
                            enqueue(message.session, Message.FRAME, frame);
                        }
                        case Message.SCATTER -> {
                            byte[] frame = new byte[message.intBody()];
                            world.Scatterv(new byte[0], 0, new int[world.Size()], new int[world.Size()], MPI.BYTE,
                                    frame, 0, frame.length, MPI.BYTE, 0);
                            enqueue(message.session, Message.FRAME, frame);
                        }
                        case Message.OPEN -> enqueue(message.session, Message.OPEN, message.bytes());
                        case Message.CLOSE -> enqueue(message.session, Message.CLOSE, null);
                        case Message.FINISH -> {
                            finishing = true;
                            jobs.clear();
                        }
                        case Message.ABORT -> {
                            LOG.error("rank {}: rank 0 aborted the world (a rank died); exiting", rank);
                            return false;
                        }
                        default -> LOG.warn("rank {}: unknown message kind {}", rank, message.kind);
                    }
                }
                byte[] reply;
                while (!finishing && (reply = outbox.poll()) != null) {
                    progress.send(0, reply);
                    busy = true;
                }
                long now = System.nanoTime();
                if (now >= nextBeat) {
                    progress.send(0, Message.control(0, Message.BEAT));
                    nextBeat = now + BEAT_NANOS;
                }
                busy |= progress.test();
                if (finishing && progress.idle()) {
                    // rank 0 keeps receiving until every rank says FINISHED: nothing is left waiting for a receive
                    progress.send(0, Message.control(0, Message.FINISHED));
                    progress.waitAll();
                    return true;
                }
                progress.pause(busy);
            }
        } catch (RuntimeException e) {
            LOG.error("rank {}: {}; exiting", rank, e.getMessage());
            return false;
        } finally {
            compute.interrupt();
        }
    }

    private void enqueue(int session, byte kind, byte[] bytes) {
        jobs.add(new Job(session, kind, bytes));
    }

    /** Answers a command whose handling failed outside the runtime, so that the call fails instead of waiting. */
    private void report(WorkerRuntime runtime, Job job, Throwable error) {
        if (runtime == null || job.kind() != Message.FRAME) {
            return;
        }
        try {
            outbox.addAll(Message.frame(job.session(), Frames.failure(runtime, job.bytes(), error), maxMessage));
        } catch (Throwable e) {
            LOG.error("rank {}: cannot even report the failure: {}", rank, e.toString());
        }
    }

    private void compute() {
        Map<Integer, WorkerRuntime> runtimes = new HashMap<>();
        Map<Integer, Codec> codecs = new HashMap<>();
        try {
            while (true) {
                Job job = jobs.take();
                try {
                    if (job.kind() == Message.OPEN) {
                        WorkerSetup setup = WorkerSetup.fromBytes(job.bytes());
                        Codec codec = setup.codec(Codec.defaultClassLoader());
                        codecs.put(job.session(), codec);
                        runtimes.put(job.session(), setup.newWorker(rank - 1, codec));
                    } else if (job.kind() == Message.CLOSE) {
                        WorkerRuntime runtime = runtimes.remove(job.session());
                        codecs.remove(job.session());
                        if (runtime != null) {
                            runtime.close();
                        }
                    } else {
                        WorkerRuntime runtime = runtimes.get(job.session());
                        if (runtime != null) {
                            byte[] reply = Frames.handle(runtime, codecs.get(job.session()), job.bytes());
                            if (reply != null) {
                                outbox.addAll(Message.frame(job.session(), reply, maxMessage));
                            }
                        }
                    }
                } catch (Throwable e) {
                    LOG.error("rank {}: job of session {} failed", rank, job.session(), e);
                    report(runtimes.get(job.session()), job, e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            runtimes.values().forEach(WorkerRuntime::close);
        }
    }
}
