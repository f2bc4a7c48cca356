package org.poolkit.dummy;

import org.poolkit.conformance.WorkerPoolContract;

/** The conformance suite on the dummy pool. */
class DummyPoolContractTest extends WorkerPoolContract {

    @Override
    protected String spec() {
        return "dummy";
    }
}
