package org.poolkit.mpi;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import mpi.Comm;
import mpi.MPI;
import mpi.MPIException;
import mpi.Request;

/**
 * Non-blocking sends and the idle policy of an MPI thread. Sends are {@code Isend}s tested on every turn, so that
 * two ranks sending large messages to each other never block in the rendezvous protocol. Used by one thread.
 */
final class Progress {

    private final Comm comm;
    private final List<Request> requests = new ArrayList<>();
    private final List<byte[]> buffers = new ArrayList<>();
    private final List<Integer> destinations = new ArrayList<>();
    private int idleTurns;

    Progress(Comm comm) {
        this.comm = comm;
    }

    void send(int rank, byte[] message) {
        try {
            requests.add(comm.Isend(message, 0, message.length, MPI.BYTE, rank, Message.TAG));
        } catch (RuntimeException e) {
            throw new RankFailure(rank, e);
        }
        buffers.add(message);
        destinations.add(rank);
    }

    /** An MPI operation towards one rank failed: that rank is gone. */
    static final class RankFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        final int rank;

        RankFailure(int rank, Throwable cause) {
            super("rank " + rank + " cannot be reached: " + rootOf(cause), cause);
            this.rank = rank;
        }

        private static String rootOf(Throwable e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return root.toString();
        }
    }

    /** Completes what it can; returns whether any send completed. */
    boolean test() {
        boolean progressed = false;
        Iterator<Request> r = requests.iterator();
        Iterator<byte[]> b = buffers.iterator();
        Iterator<Integer> d = destinations.iterator();
        while (r.hasNext()) {
            Request request = r.next();
            b.next();
            int rank = d.next();
            boolean done;
            try {
                done = request.Test() != null;
            } catch (RuntimeException e) {
                throw new RankFailure(rank, e);
            }
            if (done) {
                r.remove();
                b.remove();
                d.remove();
                progressed = true;
            }
        }
        return progressed;
    }

    /** Forgets the sends still in flight (the world is ending or broken). */
    void abandon() {
        requests.clear();
        buffers.clear();
        destinations.clear();
    }

    boolean idle() {
        return requests.isEmpty();
    }

    void waitAll() throws MPIException {
        for (Request request : requests) {
            request.Wait();
        }
        abandon();
    }

    /** Spins briefly after work, then parks for longer and longer, up to 200 µs. */
    void pause(boolean busy) {
        if (busy) {
            idleTurns = 0;
            return;
        }
        idleTurns++;
        if (idleTurns < 200) {
            Thread.onSpinWait();
        } else {
            LockSupport.parkNanos(idleTurns < 2_000 ? 20_000 : 200_000);
        }
    }
}
