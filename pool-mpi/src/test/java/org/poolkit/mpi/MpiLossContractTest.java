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
        long pid = pool.applyOnly(worker, ctx -> ProcessHandle.current().pid());
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -9 " + pid + " failed");
        }
    }

    @Override
    protected Ending ending() {
        return Ending.EXIT;
    }
}
