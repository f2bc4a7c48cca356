package org.poolkit.akka;

import org.junit.jupiter.api.Nested;
import org.poolkit.api.WorkerPool;
import org.poolkit.conformance.WorkerLossContract;

/**
 * The loss contract on akka-cluster, with worker JVMs killed by {@code kill -9}: replaced (the default) and not
 * replaced.
 */
class ClusterLossContractTest {

    /** A worker JVM killed by {@code kill -9}; a poison item calls {@code System.exit}. */
    abstract static class OnCluster extends WorkerLossContract {
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
    class Replacing extends OnCluster {
        @Override
        protected String spec() {
            return "akka-cluster:workers=2,replace=true";
        }

        @Override
        protected Recovery recovery() {
            return Recovery.REPLACE;
        }
    }

    @Nested
    class Shrinking extends OnCluster {
        @Override
        protected String spec() {
            return "akka-cluster:workers=3,replace=false";
        }

        @Override
        protected Recovery recovery() {
            return Recovery.SHRINK;
        }
    }
}
