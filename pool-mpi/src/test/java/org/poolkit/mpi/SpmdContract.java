package org.poolkit.mpi;

import org.poolkit.conformance.WorkerPoolContract;

/**
 * The conformance suite inside an SPMD program: each test opens a pool on the ranks the program was started with
 * ("mpi:finalize=false" keeps the world for the next test). Run by {@link SpmdSuiteMain} on rank 0, not by
 * Surefire directly.
 */
public class SpmdContract extends WorkerPoolContract {

    @Override
    protected String spec() {
        return "mpi:finalize=false";
    }
}
