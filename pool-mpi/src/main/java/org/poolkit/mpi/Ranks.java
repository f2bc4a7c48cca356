package org.poolkit.mpi;

/**
 * The numbering of an MPI pool, defined here once. A <em>slot</em> is the link's place for a worker,
 * {@code 0..slots()-1} (see {@link org.poolkit.spi.Link}); an MPI <em>rank</em> is a process (or, under the multicore
 * device, a thread) of the world, {@code 0..worldSize-1}. Rank {@value #COORDINATOR} coordinates and does not
 * compute; the worker in slot {@code s} is rank {@code s + 1}. The worker index that users see is the runtime's
 * business. Code in this module converts between slots and ranks only through these methods.
 */
final class Ranks {

    /** The rank that coordinates: the caller (SPMD) or the caller's gateway (launched). */
    static final int COORDINATOR = 0;

    private Ranks() {
    }

    /** The rank of the worker in a slot. */
    static int rankOf(int slot) {
        return slot + 1;
    }

    /** The slot of a worker rank. */
    static int slotOf(int rank) {
        return rank - 1;
    }

    /** The number of worker ranks (and so of slots) in a world of {@code worldSize} ranks. */
    static int workerRanks(int worldSize) {
        return worldSize - 1;
    }

    /** The first worker rank: loops over the worker ranks run from here to the world size. */
    static int firstWorkerRank() {
        return rankOf(0);
    }
}
