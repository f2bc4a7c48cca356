package org.poolkit.runtime;

import org.junit.jupiter.api.Nested;
import org.poolkit.api.WorkerPool;
import org.poolkit.conformance.WorkerLossContract;

/** The loss contract on the loopback pool, with its kill hook, with and without replacement of lost workers. */
class LoopbackLossContractTest {

    /** A worker killed with the kill hook; a poison item throws a fatal error, which ends its thread. */
    abstract static class OnLoopback extends WorkerLossContract {
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
    class Replacing extends OnLoopback {
        @Override
        protected String spec() {
            return "loopback:workers=2,replace=true";
        }

        @Override
        protected Recovery recovery() {
            return Recovery.REPLACE;
        }
    }

    @Nested
    class Shrinking extends OnLoopback {
        @Override
        protected String spec() {
            return "loopback:workers=3";
        }

        @Override
        protected Recovery recovery() {
            return Recovery.SHRINK;
        }
    }
}
