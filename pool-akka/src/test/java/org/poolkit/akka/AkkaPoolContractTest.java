package org.poolkit.akka;

import org.junit.jupiter.api.Nested;
import org.poolkit.conformance.WorkerPoolContract;

/** The conformance suite on worker actors in this JVM, with 1 and 4 workers. */
class AkkaPoolContractTest {

    @Nested
    class OneWorker extends WorkerPoolContract {
        @Override
        protected String spec() {
            return "akka:workers=1";
        }
    }

    @Nested
    class FourWorkers extends WorkerPoolContract {
        @Override
        protected String spec() {
            return "akka:workers=4";
        }
    }
}
