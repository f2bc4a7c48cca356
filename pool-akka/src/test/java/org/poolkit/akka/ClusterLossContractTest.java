package org.poolkit.akka;

import org.junit.jupiter.api.Nested;
import org.poolkit.api.WorkerPool;
import org.poolkit.conformance.WorkerLossContract;

/**
 * The loss contract on akka-cluster, with worker JVMs killed by {@code kill -9}: replaced (the default) and not
 * replaced.
 */
class ClusterLossContractTest {

    static void killNine(WorkerPool pool, int worker) throws Exception {
        ClusterWorkerLossTest.kill9(pool.applyOnly(worker, ctx -> ProcessHandle.current().pid()));
    }

    @Nested
    class Replacing extends WorkerLossContract {
        @Override
        protected String spec() {
            return "akka-cluster:workers=2,replace=true";
        }

        @Override
        protected Recovery recovery() {
            return Recovery.REPLACE;
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

    @Nested
    class Shrinking extends WorkerLossContract {
        @Override
        protected String spec() {
            return "akka-cluster:workers=3,replace=false";
        }

        @Override
        protected Recovery recovery() {
            return Recovery.SHRINK;
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
}
