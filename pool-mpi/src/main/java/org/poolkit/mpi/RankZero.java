package org.poolkit.mpi;

/**
 * What rank 0 does for a pool: the MPI operations on the worker ranks of one world, in sessions (one per pool).
 * Implemented in-process by {@link Coordinator} (SPMD, rank 0 is the caller) and over a socket by
 * {@link GatewayClient} (launched mode, rank 0 is a gateway process). Ranks, not slots, throughout (see
 * {@link Ranks}). Once the world is broken (the listeners heard of it), sends, broadcasts and scatters are dropped.
 * Thread-safe.
 */
interface RankZero {

    /** Receives what the worker ranks send for a session. */
    interface Listener {
        void onFrame(int rank, byte[] frame);

        /** A rank is gone ({@code 0}: the world or the gateway failed); the world is broken. */
        void onLost(int rank, String reason);
    }

    /** The number of ranks, rank 0 included. */
    int worldSize();

    /** Opens a session: every worker rank builds a worker from {@code setup} ({@code WorkerSetup.toBytes()}). */
    int open(byte[] setup, Listener listener);

    void send(int session, int rank, byte[] frame);

    /** The same frame to every worker rank, by {@code Bcast}. */
    void broadcast(int session, byte[] frame);

    /** {@code frames[slot]} to the worker rank {@link Ranks#rankOf rankOf(slot)}, by one {@code Scatterv}. */
    void scatter(int session, byte[][] frames);

    void close(int session);
}
