package org.poolkit.akka;

import org.poolkit.conformance.WorkerPoolContract;

/** The conformance suite on a cluster of two real worker JVMs started by the pool. */
class AkkaClusterPoolContractTest extends WorkerPoolContract {

    @Override
    protected String spec() {
        return "akka-cluster:workers=2";
    }
}
