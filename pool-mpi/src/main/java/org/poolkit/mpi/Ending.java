package org.poolkit.mpi;

import java.util.concurrent.TimeUnit;

/**
 * The end of an MPI world as rank 0 sees it: every worker rank is told to finish, and rank 0 keeps receiving (and
 * dropping) their last messages until each confirms that its own are out ({@link Op#FINISHED}), so that no send is
 * left waiting for a receive; or until a bound passes. Written by rank 0's MPI thread, read by others.
 */
final class Ending {

    /** How long rank 0 waits for every rank to confirm that its last messages are out. */
    static final long CONFIRM_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final boolean[] confirmed;
    private volatile boolean begun;
    private volatile long deadline;

    /** An ending of a world of {@code worldSize} ranks, not begun. */
    Ending(int worldSize) {
        this.confirmed = new boolean[worldSize];
    }

    /** The worker ranks were told to finish: from now on, wait for them. */
    void begin() {
        deadline = System.nanoTime() + CONFIRM_NANOS;
        begun = true;
    }

    /** Whether the worker ranks were told to finish. */
    boolean begun() {
        return begun;
    }

    /** A worker rank confirmed that its last messages are out. */
    void confirmed(int rank) {
        confirmed[rank] = true;
    }

    /** Whether every worker rank confirmed. */
    boolean allConfirmed() {
        for (int rank = Ranks.firstWorkerRank(); rank < confirmed.length; rank++) {
            if (!confirmed[rank]) {
                return false;
            }
        }
        return true;
    }

    /** Whether rank 0 can stop waiting: every rank confirmed, or the bound passed. */
    boolean over() {
        return allConfirmed() || System.nanoTime() > deadline;
    }
}
