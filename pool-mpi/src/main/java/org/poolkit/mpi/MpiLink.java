package org.poolkit.mpi;

import org.poolkit.api.PoolException;
import org.poolkit.spi.Link;
import org.poolkit.spi.WorkerSetup;

/**
 * The MPI pool's link: the worker in slot {@code s} is rank {@link Ranks#rankOf rankOf(s)}; rank 0
 * ({@link RankZero}) sends the frames, broadcasts a frame for every slot with {@code Bcast}, and scatters frames for
 * every slot with {@code Scatterv}. A lost rank breaks the world: every slot is reported lost, once.
 */
final class MpiLink implements Link<byte[]> {

    private final RankZero rankZero;
    private final Runnable onClose;
    private Receiver<byte[]> receiver;
    private volatile int session;
    /** Why the world broke, once it did: the one fact this link keeps about liveness. */
    private volatile String broken;
    private volatile boolean closed;

    /**
     * Creates the link.
     *
     * @param rankZero the world's rank 0
     * @param onClose  ends the world when the link closes
     */
    MpiLink(RankZero rankZero, Runnable onClose) {
        this.rankZero = rankZero;
        this.onClose = onClose;
    }

    /** A rank is gone ({@code 0}: the world failed): every slot is lost, reported once. */
    synchronized void lost(int rank, String reason) {
        if (broken != null || closed) {
            return;
        }
        // an MPI pool never replaces a worker, so a slot is also the worker index users see
        broken = (rank != Ranks.COORDINATOR ? "rank " + rank + " (worker " + Ranks.slotOf(rank) + ") was lost: "
                : "the MPI world failed: ") + reason + "; MPI cannot recover, so the pool is closed";
        if (receiver != null) {
            for (int slot = 0; slot < slots(); slot++) {
                receiver.lost(slot, broken);
            }
        }
    }

    /** The worker ranks: all but rank 0. */
    @Override
    public int slots() {
        return Ranks.workerRanks(rankZero.worldSize());
    }

    @Override
    public void start(WorkerSetup setup, Receiver<byte[]> receiver) {
        synchronized (this) {
            if (broken != null) {
                throw new PoolException(broken);
            }
            this.receiver = receiver;
        }
        session = rankZero.open(setup.toBytes(), new RankZero.Listener() {
            @Override
            public void onFrame(int rank, byte[] frame) {
                receiver.received(Ranks.slotOf(rank), frame);
            }

            @Override
            public void onLost(int rank, String reason) {
                lost(rank, reason);
            }
        });
    }

    /**
     * Sends a frame to a worker rank. Once the world is broken, rank 0 drops what it is given (every slot was
     * reported lost), as the link's contract asks.
     */
    @Override
    public void send(int slot, byte[] frame) {
        rankZero.send(session, Ranks.rankOf(slot), frame);
    }

    /** With every slot one {@code Bcast}, else a frame to each. */
    @Override
    public void broadcast(int[] slots, byte[] frame) {
        if (slots.length == slots()) {
            rankZero.broadcast(session, frame);
        } else {
            Link.super.broadcast(slots, frame);
        }
    }

    /** With every slot one {@code Scatterv} ({@code frames[i]} is for slot i: slots come in increasing order). */
    @Override
    public void scatter(int[] slots, byte[][] frames) {
        if (slots.length == slots()) {
            rankZero.scatter(session, frames);
        } else {
            Link.super.scatter(slots, frames);
        }
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
