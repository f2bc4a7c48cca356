package org.poolkit.runtime;

import org.junit.jupiter.api.Nested;
import org.poolkit.conformance.WorkerPoolContract;

/** The conformance suite on the loopback pool (every message through the codec) with 1, 2 and 4 workers. */
class LoopbackPoolContractTest {

    @Nested
    class OneWorker extends WorkerPoolContract {
        @Override
        protected String spec() {
            return "loopback:workers=1";
        }
    }

    @Nested
    class TwoWorkers extends WorkerPoolContract {
        @Override
        protected String spec() {
            return "loopback:workers=2";
        }
    }

    @Nested
    class FourWorkers extends WorkerPoolContract {
        @Override
        protected String spec() {
            return "loopback:workers=4";
        }
    }
}
