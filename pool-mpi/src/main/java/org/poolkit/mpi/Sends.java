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
 * The non-blocking sends of an MPI thread, and its idle policy. Sends are {@code Isend}s tested on every turn, so
 * that two ranks sending large messages to each other never block in the rendezvous protocol. Used by one thread.
 */
final class Sends {

    /** A send in flight: its request, the buffer it reads from (kept reachable until it completes), its rank. */
    private record Pending(Request request, byte[] buffer, int rank) {
    }

    private final Comm comm;
    private final List<Pending> pending = new ArrayList<>();
    private int idleTurns;

    Sends(Comm comm) {
        this.comm = comm;
    }

    void send(int rank, byte[] message) {
        Request request;
        try {
            request = comm.Isend(message, 0, message.length, MPI.BYTE, rank, Message.TAG);
        } catch (RuntimeException e) {
            throw new RankFailure(rank, e);
        }
        pending.add(new Pending(request, message, rank));
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
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending send = it.next();
            boolean done;
            try {
                done = send.request().Test() != null;
            } catch (RuntimeException e) {
                throw new RankFailure(send.rank(), e);
            }
            if (done) {
                it.remove();
                progressed = true;
            }
        }
        return progressed;
    }

    /** Forgets the sends still in flight (the world is ending or broken). */
    void abandon() {
        pending.clear();
    }

    boolean idle() {
        return pending.isEmpty();
    }

    void waitAll() throws MPIException {
        for (Pending send : pending) {
            send.request().Wait();
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
