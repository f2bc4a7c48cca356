package org.poolkit.mpi;

import org.junit.jupiter.api.Nested;
import org.poolkit.conformance.WorkerPoolContract;

/** The conformance suite on MPI ranks launched from this JVM (niodev): 2 ranks (1 worker) and 4 (3 workers). */
class MpiLaunchedContractTest {

    @Nested
    class TwoRanks extends WorkerPoolContract {
        @Override
        protected String spec() {
            return "mpi:np=2";
        }
    }

    @Nested
    class FourRanks extends WorkerPoolContract {
        @Override
        protected String spec() {
            return "mpi:np=4";
        }
    }
}
