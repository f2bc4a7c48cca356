package org.poolkit.mpi;

import java.util.Map;

import mpi.Comm;
import mpi.MPI;
import mpi.MPIException;
import mpi.Status;

/**
 * What rank 0 receives from the worker ranks: every message counts as a heartbeat; frames (put together from their
 * parts) go to their session's listener; the ranks' confirmations at the end of the world go to the
 * {@link Ending}. Used by rank 0's MPI thread only.
 */
final class Inbound {

    private final Comm p2p;
    private final Message.Assembly[] assemblies;
    private final Heartbeats heartbeats;
    private final Ending ending;
    private final Map<Integer, RankZero.Listener> sessions;

    Inbound(Comm p2p, int worldSize, Heartbeats heartbeats, Ending ending, Map<Integer, RankZero.Listener> sessions) {
        this.p2p = p2p;
        this.assemblies = new Message.Assembly[worldSize];
        for (int rank = 0; rank < worldSize; rank++) {
            assemblies[rank] = new Message.Assembly();
        }
        this.heartbeats = heartbeats;
        this.ending = ending;
        this.sessions = sessions;
    }

    /**
     * Receives every message that has arrived.
     *
     * @return whether there was any
     * @throws Sends.RankFailure when receiving from a rank fails: that rank is gone
     */
    boolean receiveAll() throws MPIException {
        boolean any = false;
        Status status;
        while ((status = p2p.Iprobe(MPI.ANY_SOURCE, Message.TAG)) != null) {
            receive(status);
            any = true;
        }
        return any;
    }

    private void receive(Status status) throws MPIException {
        int length = status.Get_count(MPI.BYTE);
        int source = status.source;
        byte[] bytes = new byte[length];
        try {
            p2p.Recv(bytes, 0, length, MPI.BYTE, source, Message.TAG);
        } catch (RuntimeException e) {
            throw new Sends.RankFailure(source, e);
        }
        heartbeats.seen(source);
        Message message = Message.parse(bytes);
        byte[] frame = switch (message.op) {
            case FRAME -> message.bytes();
            case PART -> assemblies[source].add(message);
            case FINISHED -> {
                ending.confirmed(source);
                yield null;
            }
            default -> null;
        };
        if (frame != null && !ending.begun()) {
            RankZero.Listener listener = sessions.get(message.session);
            if (listener != null) {
                listener.onFrame(source, frame);
            }
        }
    }
}
