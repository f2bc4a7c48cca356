package org.poolkit.mpi;

import org.poolkit.api.WorkerPool;
import org.poolkit.conformance.WorkerLossContract;

/** The loss contract on MPI ranks launched from this JVM, a rank killed by {@code kill -9}: MPI never replaces. */
class MpiLossContractTest extends WorkerLossContract {

    @Override
    protected String spec() {
        return "mpi:np=4";
    }

    @Override
    protected Recovery recovery() {
        return Recovery.END;
    }

    @Override
    protected void kill(WorkerPool pool, int worker) throws Exception {
        killNine(pool, worker);
    }

    @Override
    protected Ending ending() {
        return Ending.EXIT;
    }
}
