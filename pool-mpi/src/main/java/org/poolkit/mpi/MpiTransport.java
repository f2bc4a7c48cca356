package org.poolkit.mpi;


import org.poolkit.api.WorkerLostException;
import org.poolkit.spi.Codec;
import org.poolkit.spi.Command;
import org.poolkit.spi.Frames;
import org.poolkit.spi.Transport;
import org.poolkit.spi.WorkerSetup;

/**
 * The MPI pool's transport: worker {@code w} is rank {@code w + 1}; rank 0 ({@link RankZero}) sends the frames,
 * broadcasts pushes and {@code apply}s, and scatters scatter blocks. A lost rank breaks the world: every worker is
 * reported lost, so every waiting and later call fails with a {@link WorkerLostException} naming the rank.
 */
final class MpiTransport implements Transport {

    private final RankZero rankZero;
    private final Runnable onClose;
    private Codec codec;
    private Listener listener;
    private int session;
    private volatile String broken;
    private volatile boolean closed;

    MpiTransport(RankZero rankZero, Runnable onClose) {
        this.rankZero = rankZero;
        this.onClose = onClose;
    }

    @Override
    public int size() {
        return rankZero.worldSize() - 1;
    }

    @Override
    public void start(WorkerSetup setup, Listener listener) {
        this.listener = listener;
        this.codec = setup.codec(Codec.defaultClassLoader());
        this.session = rankZero.open(setup.toBytes(), new RankZero.Listener() {
            @Override
            public void onFrame(int rank, byte[] frame) {
                listener.onReply(rank - 1, Frames.decodeReply(codec, rank - 1, frame));
            }

            @Override
            public void onLost(int rank, String reason) {
                lost(rank, reason);
            }
        });
    }

    synchronized void lost(int rank, String reason) {
        if (broken != null || closed) {
            return;
        }
        broken = (rank > 0 ? "rank " + rank + " (worker " + (rank - 1) + ") was lost: " : "the MPI world failed: ")
                + reason + "; MPI cannot recover, so the pool is closed";
        if (listener == null) {
            return;
        }
        for (int w = 0; w < size(); w++) {
            listener.onWorkerLost(w, broken);
        }
    }

    private void checkUsable(int worker) {
        if (broken != null) {
            throw new WorkerLostException(worker, broken);
        }
    }

    @Override
    public void send(int worker, Command command) {
        checkUsable(worker);
        rankZero.send(session, worker + 1, Frames.encodeCommand(codec, command));
    }

    @Override
    public void broadcast(int[] workers, Command command) {
        if (workers.length != size()) {
            Transport.super.broadcast(workers, command);
            return;
        }
        checkUsable(workers[0]);
        rankZero.broadcast(session, Frames.encodeCommand(codec, command));
    }

    @Override
    public void scatter(int[] workers, Command[] commands) {
        if (workers.length != size()) {
            Transport.super.scatter(workers, commands);
            return;
        }
        checkUsable(workers[0]);
        byte[][] frames = new byte[size()][];
        for (int i = 0; i < workers.length; i++) {
            frames[workers[i]] = Frames.encodeCommand(codec, commands[i]);
        }
        rankZero.scatter(session, frames);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            rankZero.close(session);
        } finally {
            onClose.run();
        }
    }
}
