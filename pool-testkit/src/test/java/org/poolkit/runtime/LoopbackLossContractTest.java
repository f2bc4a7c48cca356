package org.poolkit.runtime;

import org.junit.jupiter.api.Nested;
import org.poolkit.api.WorkerPool;
import org.poolkit.conformance.WorkerLossContract;

/** The loss contract on the loopback pool, with its kill hook, with and without replacement of lost workers. */
class LoopbackLossContractTest {

    @Nested
    class Replacing extends WorkerLossContract {
        @Override
        protected String spec() {
            return "loopback:workers=2,replace=true";
        }

        @Override
        protected Recovery recovery() {
            return Recovery.REPLACE;
        }

        @Override
        protected void kill(WorkerPool pool, int worker) {
            LoopbackPoolProvider.kill(pool, worker);
        }

        @Override
        protected Ending ending() {
            return Ending.FATAL_ERROR;
        }
    }

    @Nested
    class Shrinking extends WorkerLossContract {
        @Override
        protected String spec() {
            return "loopback:workers=3";
        }

        @Override
        protected Recovery recovery() {
            return Recovery.SHRINK;
        }

        @Override
        protected void kill(WorkerPool pool, int worker) {
            LoopbackPoolProvider.kill(pool, worker);
        }

        @Override
        protected Ending ending() {
            return Ending.FATAL_ERROR;
        }
    }
}
