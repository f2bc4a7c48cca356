package org.poolkit.mpi;

/**
 * What rank 0 does for a pool: the MPI operations on the worker ranks of one world, in sessions (one per pool).
 * Implemented in-process by {@link Coordinator} (SPMD, rank 0 is the caller) and over a socket by
 * {@link GatewayClient} (launched mode, rank 0 is a gateway process). Thread-safe.
 */
interface RankZero {

    /** Receives what the worker ranks send for a session. */
    interface Listener {
        void onFrame(int rank, byte[] frame);

        void onLost(int rank, String reason);
    }

    /** The number of ranks, rank 0 included. */
    int worldSize();

    /** Opens a session: every worker rank builds a worker runtime from {@code setup}. */
    int open(byte[] setup, Listener listener);

    void send(int session, int rank, byte[] frame);

    /** The same frame to every worker rank, by {@code Bcast}. */
    void broadcast(int session, byte[] frame);

    /** {@code frames[i]} to rank {@code i + 1}, by {@code Scatterv}. */
    void scatter(int session, byte[][] frames);

    void close(int session);

    /** Ends the world: every worker rank finalizes and exits; returns when the messages are out. */
    void finish();
}
