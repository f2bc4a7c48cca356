package org.poolkit.akka;

import org.poolkit.api.WorkerLostException;
import org.poolkit.api.WorkerPool;
import org.poolkit.conformance.WorkerLossContract;

/**
 * The loss contract on the in-JVM {@code akka} pool, whose worker actors end by a fatal error and are replaced. A
 * worker is killed the only way a user can kill one: a function that throws {@link InternalError} (it runs after
 * whatever the actor was given before, and returns once the pool has noticed the loss). No thread of a lost worker
 * is left after the pool closes.
 */
class AkkaLossContractTest extends WorkerLossContract {

    @Override
    protected String spec() {
        return "akka:workers=2";
    }

    @Override
    protected Recovery recovery() {
        return Recovery.REPLACE;
    }

    @Override
    protected void kill(WorkerPool pool, int worker) {
        try {
            pool.applyOnly(worker, ctx -> {
                throw new InternalError("killed by the test");
            });
        } catch (WorkerLostException expected) {
            // the worker ended, and the pool noticed
        }
    }

    @Override
    protected Ending ending() {
        return Ending.FATAL_ERROR;
    }
}
